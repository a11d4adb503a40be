/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads runbook rules from YAML (see the runbook reference in remediate/README.md and
 * deploy/runbooks/example.yaml). Every mistake is an error that names the rule, the step and the
 * field: a runbook that silently does nothing, or the wrong thing, is worse than a service that
 * does not start.
 */
public final class RunbookFile {

  /** Where PagerDuty's Events API v2 takes events when a step names no url. */
  public static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> RULE_FIELDS = Set.of("name", "dryRun", "match", "steps");
  private static final Set<String> MATCH_FIELDS =
      Set.of(
          "severity",
          "status",
          "services",
          "rootCauseService",
          "labels",
          "labelsMatch",
          "minAge",
          "maxAge",
          "includeSuppressed");
  private static final Set<String> STEP_FIELDS =
      Set.of(
          "name",
          "kind",
          "url",
          "method",
          "body",
          "text",
          "resolve",
          "resolveText",
          "routingKey",
          "summary",
          "project",
          "issueType",
          "contentType",
          "automatic",
          "approval",
          "verify",
          "cooldown",
          "maxAttempts",
          "deadline");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /**
   * Defaults of steps that do not set their own.
   *
   * @param maxAttempts attempts per action
   * @param deadline how long after the incident's lastSeen an action may still run, or null
   */
  public record Defaults(int maxAttempts, Duration deadline) {}

  private RunbookFile() {}

  /** The rules of the YAML file at {@code path}. */
  public static List<RunbookRule> read(Path path, Defaults defaults) {
    try {
      return parse(Files.readString(path), defaults);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the runbook file " + path, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Runbook file " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The rules of {@code text}: a map with the list under {@code rules}, or the list on its own.
   *
   * @throws IllegalArgumentException for text that is not YAML or a rule that is not valid
   */
  public static List<RunbookRule> parse(String text, Defaults defaults) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return List.of();
    }
    JsonNode list = root.isObject() ? root.path("rules") : root;
    if (!list.isArray()) {
      throw new IllegalArgumentException("expected a list of rules (or a map with 'rules')");
    }
    List<RunbookRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode node : list) {
      index++;
      RunbookRule rule = rule(node, index, defaults);
      if (!names.add(rule.name())) {
        throw new IllegalArgumentException("two rules are named " + rule.name());
      }
      rules.add(rule);
    }
    return List.copyOf(rules);
  }

  private static RunbookRule rule(JsonNode node, int index, Defaults defaults) {
    String where = "rule " + index;
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " is not a map");
    }
    String name = node.path("name").asText("");
    if (!name.isBlank()) {
      where = "rule " + name;
    }
    try {
      checkFields(node, RULE_FIELDS);
      ActionIds.requireRuleName(name);
      boolean dryRun = bool(node, "dryRun", false);
      List<Condition> conditions = conditions(node.path("match"));
      JsonNode stepNodes = node.path("steps");
      if (!stepNodes.isArray() || stepNodes.isEmpty()) {
        throw new IllegalArgumentException("steps must be a non-empty list");
      }
      List<ActionStep> steps = new ArrayList<>();
      Set<String> stepNames = new HashSet<>();
      int stepIndex = 0;
      for (JsonNode stepNode : stepNodes) {
        stepIndex++;
        TemplateStep step = step(stepNode, stepIndex, dryRun, defaults);
        if (!stepNames.add(step.name())) {
          throw new IllegalArgumentException("two steps are named " + step.name());
        }
        steps.add(step);
      }
      return new RunbookRule(name, conditions, steps);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static List<Condition> conditions(JsonNode match) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(Conditions.notMerged());
    if (match.isMissingNode() || match.isNull()) {
      conditions.add(Conditions.open());
      conditions.add(Conditions.notSuppressed());
      return conditions;
    }
    if (!match.isObject()) {
      throw new IllegalArgumentException("match must be a map");
    }
    checkFields(match, MATCH_FIELDS);
    if (!bool(match, "includeSuppressed", false)) {
      conditions.add(Conditions.notSuppressed());
    }
    if (match.has("severity")) {
      conditions.add(Conditions.severityAtLeast(severity(match.get("severity").asText())));
    }
    if (match.has("status")) {
      Set<IncidentStatus> statuses = EnumSet.noneOf(IncidentStatus.class);
      for (String status : strings(match.get("status"), "match.status")) {
        try {
          statuses.add(IncidentStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "match.status: unknown status "
                  + status
                  + " (known: "
                  + List.of(IncidentStatus.values())
                  + ")");
        }
      }
      conditions.add(Condition.of("status in " + statuses, i -> statuses.contains(i.getStatus())));
    } else {
      conditions.add(Conditions.open());
    }
    if (match.has("services")) {
      Set<String> services = Set.copyOf(strings(match.get("services"), "match.services"));
      conditions.add(
          Condition.of(
              "any service in " + services,
              i -> i.getServices().stream().anyMatch(services::contains)));
    }
    if (match.has("rootCauseService")) {
      Set<String> services =
          Set.copyOf(strings(match.get("rootCauseService"), "match.rootCauseService"));
      conditions.add(
          Condition.of(
              "top root cause in " + services,
              i ->
                  i.getRootCauses().stream()
                      .min(java.util.Comparator.comparingInt(RootCauseCandidate::getRank))
                      .map(c -> services.contains(c.getService()))
                      .orElse(false)));
    }
    for (Map.Entry<String, String> label : map(match.path("labels"), "match.labels").entrySet()) {
      String key = label.getKey();
      String value = label.getValue();
      conditions.add(
          Condition.of("label " + key + " = " + value, i -> value.equals(i.getLabels().get(key))));
    }
    for (Map.Entry<String, String> label :
        map(match.path("labelsMatch"), "match.labelsMatch").entrySet()) {
      String key = label.getKey();
      Pattern pattern;
      try {
        pattern = Pattern.compile(label.getValue());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "match.labelsMatch." + key + " is not a regular expression: " + e.getDescription());
      }
      conditions.add(
          Condition.of(
              "label " + key + " =~ " + pattern,
              i -> {
                String actual = i.getLabels().get(key);
                return actual != null && pattern.matcher(actual).matches();
              }));
    }
    if (match.has("minAge")) {
      Duration min = duration(match.get("minAge"), "match.minAge");
      conditions.add(Condition.of("age >= " + min, i -> age(i).compareTo(min) >= 0));
    }
    if (match.has("maxAge")) {
      Duration max = duration(match.get("maxAge"), "match.maxAge");
      conditions.add(Condition.of("age <= " + max, i -> age(i).compareTo(max) <= 0));
    }
    return conditions;
  }

  /** How long the incident has lasted as of this version, in event time. */
  private static Duration age(io.quell.schemas.avro.Incident incident) {
    return Duration.between(incident.getFirstSeen(), incident.getLastSeen());
  }

  private static TemplateStep step(JsonNode node, int index, boolean dryRun, Defaults defaults) {
    String where = "step " + index;
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " is not a map");
    }
    String name = node.path("name").asText("");
    if (!name.isBlank()) {
      where = "step " + name;
    }
    try {
      checkFields(node, STEP_FIELDS);
      if (name.isBlank()) {
        throw new IllegalArgumentException("name is required");
      }
      String kindText = text(node, "kind", null);
      if (kindText == null) {
        throw new IllegalArgumentException(
            "kind is required (webhook, slack, pagerduty, jira or http)");
      }
      String kind = kindText.toLowerCase(Locale.ROOT);
      String method = text(node, "method", "POST").toUpperCase(Locale.ROOT);
      String contentType = text(node, "contentType", null);
      boolean resolve;
      JsonNode body;
      JsonNode resolveBody = null;
      String url = text(node, "url", null);
      ActionKind actionKind;
      boolean automatic;
      switch (kind) {
        case "webhook" -> {
          actionKind = ActionKind.GENERIC_WEBHOOK;
          body = node.has("body") ? node.get("body") : genericBody("incident.runbook");
          if (bool(node, "resolve", false)) {
            resolveBody = genericBody("incident.resolved");
          }
          automatic = bool(node, "automatic", false);
        }
        case "slack" -> {
          actionKind = ActionKind.SLACK;
          body =
              slackBody(
                  text(
                      node,
                      "text",
                      ":rotating_light: [{{incident.severity}}] {{incident.title}}"
                          + " (services: {{incident.services}}; root cause:"
                          + " {{incident.rootCause}}) quell incident {{incident.id}}"));
          resolve = bool(node, "resolve", true);
          if (resolve) {
            resolveBody =
                slackBody(
                    text(
                        node,
                        "resolveText",
                        ":white_check_mark: Resolved: {{incident.title}} (quell incident"
                            + " {{incident.id}})"));
          }
          automatic = bool(node, "automatic", false);
        }
        case "pagerduty" -> {
          actionKind = ActionKind.PAGERDUTY;
          if (url == null) {
            url = PAGERDUTY_EVENTS_URL;
          }
          String routingKey = text(node, "routingKey", null);
          if (routingKey == null || routingKey.isBlank()) {
            throw new IllegalArgumentException("routingKey is required for kind pagerduty");
          }
          body =
              pagerdutyTrigger(
                  routingKey, text(node, "summary", "{{incident.title}} ({{incident.id}})"));
          if (bool(node, "resolve", true)) {
            resolveBody = pagerdutyResolve(routingKey);
          }
          automatic = bool(node, "automatic", false);
        }
        case "jira" -> {
          actionKind = ActionKind.JIRA;
          String project = text(node, "project", null);
          if (project == null || project.isBlank()) {
            throw new IllegalArgumentException("project is required for kind jira");
          }
          body =
              jiraIssue(
                  project,
                  text(node, "issueType", "Incident"),
                  text(node, "summary", "[{{incident.severity}}] {{incident.title}}"));
          automatic = bool(node, "automatic", false);
        }
        case "http" -> {
          actionKind = ActionKind.HTTP_SCALE;
          body = node.has("body") ? node.get("body") : NODES.objectNode();
          automatic = bool(node, "automatic", true);
        }
        default ->
            throw new IllegalArgumentException(
                "unknown kind " + kindText + " (known: webhook, slack, pagerduty, jira, http)");
      }
      if (url == null) {
        throw new IllegalArgumentException("url is required for kind " + kind);
      }
      if (!Set.of("POST", "PUT", "PATCH").contains(method)) {
        throw new IllegalArgumentException("method must be POST, PUT or PATCH: " + method);
      }
      return new TemplateStep(
          name,
          actionKind,
          method,
          url,
          body,
          resolveBody,
          contentType,
          automatic,
          bool(node, "approval", false),
          node.has("verify") ? duration(node.get("verify"), "verify") : null,
          node.has("cooldown") ? duration(node.get("cooldown"), "cooldown") : null,
          node.has("maxAttempts") ? positiveInt(node.get("maxAttempts")) : defaults.maxAttempts(),
          node.has("deadline") ? duration(node.get("deadline"), "deadline") : defaults.deadline(),
          dryRun);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode genericBody(String event) {
    ObjectNode body = NODES.objectNode();
    body.put("schemaVersion", IncidentPayloads.SCHEMA_VERSION);
    body.put("event", event);
    body.put("actionId", "{{actionId}}");
    body.put("rule", "{{rule}}");
    body.put("step", "{{step}}");
    body.put("incident", "{{incident}}");
    return body;
  }

  private static JsonNode slackBody(String text) {
    ObjectNode body = NODES.objectNode();
    body.put("text", text);
    return body;
  }

  private static JsonNode pagerdutyTrigger(String routingKey, String summary) {
    ObjectNode body = NODES.objectNode();
    body.put("routing_key", routingKey);
    body.put("event_action", "trigger");
    body.put("dedup_key", "{{dedupKey}}");
    ObjectNode payload = body.putObject("payload");
    payload.put("summary", summary);
    payload.put("source", "{{incident.rootCause}}");
    payload.put("severity", "{{pagerdutySeverity}}");
    payload.put("timestamp", "{{incident.firstSeen}}");
    payload.put("component", "{{incident.rootCause}}");
    ObjectNode details = payload.putObject("custom_details");
    details.put("incident", "{{incident.id}}");
    details.put("services", "{{incident.services}}");
    details.put("labels", "{{incident.labels}}");
    return body;
  }

  private static JsonNode pagerdutyResolve(String routingKey) {
    ObjectNode body = NODES.objectNode();
    body.put("routing_key", routingKey);
    body.put("event_action", "resolve");
    body.put("dedup_key", "{{dedupKey}}");
    return body;
  }

  private static JsonNode jiraIssue(String project, String issueType, String summary) {
    ObjectNode body = NODES.objectNode();
    ObjectNode fields = body.putObject("fields");
    fields.putObject("project").put("key", project);
    fields.putObject("issuetype").put("name", issueType);
    fields.put("summary", summary);
    fields.put(
        "description",
        "Quell incident {{incident.id}} ({{incident.severity}}, {{incident.status}}).\n"
            + "Services: {{incident.services}}\nRoot cause: {{incident.rootCause}}\n"
            + "First seen: {{incident.firstSeen}}\nLabels: {{incident.labels}}");
    fields.putArray("labels").add("quell");
    return body;
  }

  /**
   * A duration written as a number of milliseconds, as {@code 250ms}, {@code 30s}, {@code 5m},
   * {@code 2h}, {@code 1d}, or in ISO-8601 ({@code PT5M}).
   */
  public static Duration parseDuration(String text) {
    String value = text.strip();
    if (value.matches("\\d+")) {
      return Duration.ofMillis(Long.parseLong(value));
    }
    Matcher matcher = DURATION.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (write 250ms, 30s, 5m, 2h, 1d or PT5M)");
    }
  }

  private static Duration duration(JsonNode node, String field) {
    try {
      return parseDuration(node.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static Severity severity(String text) {
    try {
      return Severity.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "match.severity: unknown severity "
              + text
              + " (known: "
              + List.of(Severity.values())
              + ")");
    }
  }

  private static int positiveInt(JsonNode node) {
    if (!node.canConvertToInt() || node.asInt() < 1) {
      throw new IllegalArgumentException("maxAttempts must be a whole number >= 1");
    }
    return node.asInt();
  }

  private static void checkFields(JsonNode node, Set<String> known) {
    for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!known.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '" + field + "' (known: " + new java.util.TreeSet<>(known) + ")");
      }
    }
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isValueNode()) {
      throw new IllegalArgumentException(field + " must be text");
    }
    return value.asText();
  }

  private static boolean bool(JsonNode node, String field, boolean fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    String text = value.asText().strip().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException(field + " must be true or false");
  }

  private static List<String> strings(JsonNode node, String field) {
    List<String> values = new ArrayList<>();
    if (node.isValueNode()) {
      values.add(node.asText());
      return values;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(field + " must be a list of strings");
    }
    for (JsonNode item : node) {
      if (!item.isValueNode()) {
        throw new IllegalArgumentException(field + " must be a list of strings");
      }
      values.add(item.asText());
    }
    return values;
  }

  private static Map<String, String> map(JsonNode node, String field) {
    Map<String, String> values = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return values;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(field + " must be a map of label names to values");
    }
    node.fields().forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue().asText()));
    return values;
  }
}
