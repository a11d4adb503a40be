/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.deploy.config.ConfigMixin;
import io.quell.remediate.RemediateOptions;
import io.quell.remediate.index.BulkIndexer;
import io.quell.remediate.index.IncidentRemediation;
import io.quell.remediate.index.IncidentSearch;
import io.quell.remediate.index.QuellIndices.Kind;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quell incidents list|show ID}: the incidents in Elasticsearch, as tables. */
@Command(
    name = "incidents",
    mixinStandardHelpOptions = true,
    description = {
      "Read incidents from Elasticsearch (what the remediation service indexed).",
      "Connection: elasticsearch.url and quell.remediate.elasticsearch.index.prefix, from",
      "--config, QUELL_* variables, --set, or --local for the local stack."
    },
    subcommands = {IncidentsCommand.ListIncidents.class, IncidentsCommand.ShowIncident.class})
public final class IncidentsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static IncidentSearch search(Map<String, String> config) {
    return new IncidentSearch(
        BulkIndexer.client(BulkIndexer.elasticsearchUrl(config)),
        RemediateOptions.INDEX_PREFIX.read(config).strip());
  }

  /** {@code quell incidents list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List incidents, most recently seen first.")
  public static final class ListIncidents implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigMixin config;

    @Option(
        names = "--status",
        split = ",",
        paramLabel = "STATUS",
        description =
            "Only these statuses (OPEN, UPDATED, RESOLVED, REOPENED, CLOSED; comma-separated);"
                + " 'open' for every status but RESOLVED and CLOSED.")
    List<String> statuses = new ArrayList<>();

    @Option(
        names = "--severity",
        split = ",",
        paramLabel = "SEVERITY",
        description = "Only these severities (INFO, WARNING, CRITICAL; comma-separated).")
    List<String> severities = new ArrayList<>();

    @Option(
        names = "--limit",
        defaultValue = "20",
        description = "Most incidents to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (limit < 1 || limit > 10_000) {
        spec.commandLine().getErr().println("--limit must be between 1 and 10000");
        return 2;
      }
      try (IncidentSearch search = search(config.load())) {
        List<ObjectNode> incidents = search.incidents(statuses, severities, limit);
        if (incidents.isEmpty()) {
          out.println("No incidents in " + search.name(Kind.INCIDENTS) + ".");
          out.flush();
          return 0;
        }
        Table table =
            new Table(
                "ID",
                "SEVERITY",
                "STATUS",
                "ALERTS",
                "ROOT CAUSE",
                "FIRST SEEN",
                "LAST SEEN",
                "TITLE");
        for (JsonNode incident : incidents) {
          table.row(
              text(incident, "id"),
              text(incident, "severity"),
              text(incident, "status")
                  + (incident.path("suppressed").asBoolean() ? " (muted)" : ""),
              text(incident, "memberCount"),
              text(incident, "topRootCause"),
              time(incident, "firstSeen"),
              time(incident, "lastSeen"),
              text(incident, "title"));
        }
        table.print(out);
        out.println(
            incidents.size()
                + " incident"
                + (incidents.size() == 1 ? "" : "s")
                + " from "
                + search.name(Kind.INCIDENTS));
        out.flush();
        return 0;
      }
    }
  }

  /** {@code quell incidents show ID}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Show one incident: its newest version, its timeline and its remediation steps.")
  public static final class ShowIncident implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigMixin config;

    @Parameters(paramLabel = "ID", description = "Incident id.")
    String id;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      try (IncidentSearch search = search(config.load())) {
        Optional<ObjectNode> found = search.incident(id);
        if (found.isEmpty()) {
          spec.commandLine()
              .getErr()
              .println("No incident '" + id + "' in " + search.name(Kind.INCIDENTS) + ".");
          return 1;
        }
        printIncident(found.get(), out);
        printTimeline(search.timeline(id), out);
        printSteps(search.steps(id), out);
        out.flush();
        return 0;
      }
    }
  }

  static void printIncident(JsonNode incident, PrintWriter out) {
    out.println(
        "Incident " + text(incident, "id") + " (version " + text(incident, "version") + ")");
    out.println("  title:       " + text(incident, "title"));
    out.println("  severity:    " + text(incident, "severity"));
    out.println("  status:      " + text(incident, "status"));
    out.println("  services:    " + join(incident.path("services")));
    out.println("  first seen:  " + time(incident, "firstSeen"));
    out.println("  last seen:   " + time(incident, "lastSeen"));
    if (!incident.path("resolvedAt").isNull() && !incident.path("resolvedAt").isMissingNode()) {
      out.println("  resolved at: " + time(incident, "resolvedAt"));
    }
    out.println("  duration:    " + duration(incident.path("durationMillis").asLong()));
    if (!incident.path("labels").isEmpty()) {
      List<String> labels = new ArrayList<>();
      incident
          .path("labels")
          .fields()
          .forEachRemaining(e -> labels.add(e.getKey() + "=" + e.getValue().asText()));
      out.println("  labels:      " + String.join(", ", labels));
    }
    if (incident.path("suppression").isObject()) {
      JsonNode suppression = incident.path("suppression");
      out.println(
          "  muted by:    "
              + text(suppression, "kind")
              + " "
              + text(suppression, "silenceId")
              + (suppression.path("reason").isTextual() ? ": " + text(suppression, "reason") : ""));
    }
    String remediation = IncidentRemediation.describe(incident.path(IncidentRemediation.FIELD));
    if (remediation != null) {
      out.println("  remediation: " + remediation);
    }
    for (String link : List.of("mergedInto", "continuedFrom")) {
      if (incident.path(link).isTextual()) {
        out.println("  " + link + ": " + text(incident, link));
      }
    }
    out.println();
    out.println("Root causes:");
    Table causes = new Table("RANK", "SERVICE", "SCORE", "EVIDENCE");
    for (JsonNode cause : incident.path("rootCauses")) {
      causes.row(
          text(cause, "rank"),
          text(cause, "service"),
          String.format(java.util.Locale.ROOT, "%.2f", cause.path("score").asDouble()),
          text(cause, "evidence"));
    }
    causes.printOrNone(out);
    out.println();
    out.println("Alerts (" + incident.path("alerts").size() + "):");
    Table alerts =
        new Table("NAME", "SERVICE", "SEVERITY", "STATUS", "FIRST SEEN", "LAST SEEN", "JOINED BY");
    for (JsonNode alert : incident.path("alerts")) {
      alerts.row(
          text(alert, "name"),
          text(alert, "service"),
          text(alert, "severity"),
          text(alert, "status"),
          time(alert, "firstSeen"),
          time(alert, "lastSeen"),
          text(alert.path("joinReason"), "kind"));
    }
    alerts.printOrNone(out);
  }

  static void printTimeline(List<ObjectNode> versions, PrintWriter out) {
    out.println();
    out.println(
        "Timeline (" + versions.size() + " version" + (versions.size() == 1 ? "" : "s") + "):");
    Table table =
        new Table("TIME", "VERSION", "STATUS", "SEVERITY", "ALERTS", "ROOT CAUSE", "CHANGE");
    JsonNode previous = null;
    for (JsonNode version : versions) {
      table.row(
          time(version, "@timestamp"),
          text(version, "version"),
          text(version, "status"),
          text(version, "severity"),
          text(version, "memberCount"),
          text(version, "topRootCause"),
          change(previous, version));
      previous = version;
    }
    table.printOrNone(out);
  }

  /** What changed from one version to the next, in words. */
  static String change(JsonNode before, JsonNode after) {
    if (before == null) {
      return "opened with " + plural(after.path("memberCount").asInt(), "alert");
    }
    List<String> changes = new ArrayList<>();
    for (String field : List.of("status", "severity", "topRootCause")) {
      String from = text(before, field);
      String to = text(after, field);
      if (!from.equals(to)) {
        changes.add(
            (field.equals("topRootCause") ? "root cause" : field) + " " + from + " → " + to);
      }
    }
    int added = after.path("memberCount").asInt() - before.path("memberCount").asInt();
    if (added > 0) {
      changes.add("+" + plural(added, "alert"));
    } else if (added < 0) {
      changes.add(plural(added, "alert"));
    }
    boolean mutedBefore = before.path("suppressed").asBoolean();
    boolean mutedAfter = after.path("suppressed").asBoolean();
    if (mutedBefore != mutedAfter) {
      changes.add(mutedAfter ? "muted" : "unmuted");
    }
    if (after.path("mergedInto").isTextual() && !before.path("mergedInto").isTextual()) {
      changes.add("merged into " + text(after, "mergedInto"));
    }
    return changes.isEmpty() ? "alerts updated" : String.join(", ", changes);
  }

  static void printSteps(List<ObjectNode> steps, PrintWriter out) {
    out.println();
    out.println("Remediation steps (" + steps.size() + "):");
    Table table =
        new Table(
            "DECIDED", "RULE", "STEP", "KIND", "TARGET", "OUTCOME", "ATTEMPTS", "HTTP", "ERROR");
    for (JsonNode step : steps) {
      table.row(
          time(step, "createdAt"),
          text(step, "rule"),
          text(step, "stepName"),
          text(step, "kind"),
          text(step, "targetHost"),
          step.has("outcome") && !step.path("outcome").isNull()
              ? text(step, "outcome")
              : "(pending)",
          text(step, "attempts"),
          text(step, "httpStatus"),
          text(step, "error"));
    }
    table.printOrNone(out);
  }

  private static String plural(int n, String word) {
    return n + " " + word + (Math.abs(n) == 1 ? "" : "s");
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNull() || value.isMissingNode() ? "-" : value.asText();
  }

  /** An ISO timestamp shortened to seconds, with the T and Z kept out for reading. */
  static String time(JsonNode node, String field) {
    String value = text(node, field);
    if (value.length() >= 19 && value.charAt(10) == 'T') {
      return value.substring(0, 10) + " " + value.substring(11, 19);
    }
    return value;
  }

  private static String join(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values.isEmpty() ? "-" : String.join(", ", values);
  }

  static String duration(long millis) {
    long seconds = millis / 1000;
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
  }

  /**
   * A text table: columns as wide as their widest cell, cells but the last cut at 60 characters.
   */
  static final class Table {
    private static final int WIDEST = 60;
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
      this.columns = header.length;
      rows.add(header);
    }

    void row(String... cells) {
      String[] cut = new String[columns];
      for (int i = 0; i < columns; i++) {
        String cell = i < cells.length && cells[i] != null ? cells[i].replaceAll("\\s+", " ") : "";
        cut[i] =
            cell.length() > WIDEST && i < columns - 1 ? cell.substring(0, WIDEST - 1) + "…" : cell;
      }
      rows.add(cut);
    }

    void printOrNone(PrintWriter out) {
      if (rows.size() == 1) {
        out.println("  (none)");
      } else {
        print(out);
      }
    }

    void print(PrintWriter out) {
      int[] widths = new int[columns];
      for (String[] row : rows) {
        for (int i = 0; i < columns; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < columns; i++) {
          line.append(row[i]);
          if (i < columns - 1) {
            line.append(" ".repeat(widths[i] - row[i].length() + 2));
          }
        }
        out.println(line.toString().stripTrailing());
      }
    }
  }
}
