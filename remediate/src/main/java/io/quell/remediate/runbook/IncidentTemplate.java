/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Severity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Templates over an incident's fields, written {@code {{incident.title}}}. A body template is a
 * JSON tree (from the runbook YAML) whose string values may hold placeholders; it is rendered into
 * a new tree, so a value from the incident only ever becomes (part of) a JSON string, never JSON
 * text: a hostile title or label value cannot break the body or add fields. A string that is
 * exactly {@code {{incident}}}, {@code {{incident.services}}} or {@code {{incident.labels}}}
 * becomes the JSON object or array itself.
 *
 * <p>In a URL template every substituted value is percent-encoded (all but letters, digits, {@code
 * -}, {@code _} and {@code ~}), and placeholders are only allowed after the host, so a value can
 * neither change the destination nor add path segments or query parameters.
 *
 * <p>Names: {@code incident}, {@code incident.id}, {@code .version}, {@code .status}, {@code
 * .title}, {@code .severity}, {@code .services} (comma-separated in text), {@code .rootCause} (the
 * top-ranked root-cause service, else the first service), {@code .memberCount}, {@code .firstSeen},
 * {@code .lastSeen}, {@code .labels}, {@code .labels.<name>} (empty when absent), {@code actionId},
 * {@code rule}, {@code step}, {@code dedupKey} and {@code pagerdutySeverity} (critical, warning or
 * info).
 */
public final class IncidentTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*}}");
  private static final Set<String> NAMES =
      Set.of(
          "incident",
          "incident.id",
          "incident.version",
          "incident.status",
          "incident.title",
          "incident.severity",
          "incident.services",
          "incident.rootCause",
          "incident.memberCount",
          "incident.firstSeen",
          "incident.lastSeen",
          "incident.labels",
          "actionId",
          "rule",
          "step",
          "dedupKey",
          "pagerdutySeverity");
  private static final String LABEL_PREFIX = "incident.labels.";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What a template is rendered with. */
  public record Values(
      Incident incident, String actionId, String rule, String step, String dedupKey) {}

  private IncidentTemplate() {}

  /**
   * Checks every placeholder in {@code text} names a known value.
   *
   * @throws IllegalArgumentException naming the first unknown placeholder
   */
  public static void validate(String text) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!NAMES.contains(name)
          && !(name.startsWith(LABEL_PREFIX) && name.length() > LABEL_PREFIX.length())) {
        throw new IllegalArgumentException(
            "unknown placeholder {{"
                + name
                + "}} (known: "
                + new java.util.TreeSet<>(NAMES)
                + ", incident.labels.<name>)");
      }
    }
  }

  /** Checks every string in {@code tree} (keys are literal). */
  public static void validate(JsonNode tree) {
    if (tree == null) {
      return;
    }
    if (tree.isTextual()) {
      validate(tree.asText());
    }
    for (JsonNode child : tree) {
      validate(child);
    }
  }

  /**
   * Checks a URL template: an absolute http(s) URL with no placeholder before its path.
   *
   * @throws IllegalArgumentException when it is not
   */
  public static void validateUrl(String template) {
    validate(template);
    int schemeEnd = template.indexOf("://");
    if (schemeEnd < 0) {
      throw new IllegalArgumentException("url must be an absolute http(s) URL: " + template);
    }
    int pathStart = template.indexOf('/', schemeEnd + 3);
    String origin = pathStart < 0 ? template : template.substring(0, pathStart);
    if (origin.contains("{{")) {
      throw new IllegalArgumentException(
          "url may hold placeholders only after the host (the destination must be fixed): "
              + template);
    }
    URI uri = URI.create(origin);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("url must be an absolute http(s) URL: " + template);
    }
  }

  /** {@code template} with its placeholders replaced by text. */
  public static String renderText(String template, Values values) {
    return substitute(template, values, false);
  }

  /** The URL {@code template} with its placeholders replaced by percent-encoded text. */
  public static String renderUrl(String template, Values values) {
    return substitute(template, values, true);
  }

  /** A new tree: {@code template} with the placeholders in its strings replaced. */
  public static JsonNode render(JsonNode template, Values values) {
    if (template == null || template.isNull()) {
      return NODES.nullNode();
    }
    if (template.isTextual()) {
      String text = template.asText();
      Matcher whole = PLACEHOLDER.matcher(text);
      if (whole.matches()) {
        JsonNode structured = structured(whole.group(1), values.incident());
        if (structured != null) {
          return structured;
        }
      }
      return NODES.textNode(substitute(text, values, false));
    }
    if (template.isObject()) {
      ObjectNode object = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> fields = template.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        object.set(field.getKey(), render(field.getValue(), values));
      }
      return object;
    }
    if (template.isArray()) {
      ArrayNode array = NODES.arrayNode();
      template.forEach(item -> array.add(render(item, values)));
      return array;
    }
    return template.deepCopy();
  }

  /** The top-ranked root-cause service, else the first service, else the empty string. */
  public static String rootCause(Incident incident) {
    return incident.getRootCauses().stream()
        .min(java.util.Comparator.comparingInt(RootCauseCandidate::getRank))
        .map(RootCauseCandidate::getService)
        .orElse(incident.getServices().isEmpty() ? "" : incident.getServices().get(0));
  }

  private static JsonNode structured(String name, Incident incident) {
    switch (name) {
      case "incident":
        return IncidentPayloads.incidentNode(incident);
      case "incident.services":
        ArrayNode services = NODES.arrayNode();
        incident.getServices().forEach(services::add);
        return services;
      case "incident.labels":
        ObjectNode labels = NODES.objectNode();
        new TreeMap<>(incident.getLabels()).forEach(labels::put);
        return labels;
      default:
        return null;
    }
  }

  private static String substitute(String template, Values values, boolean urlEncode) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (matcher.find()) {
      out.append(template, last, matcher.start());
      String value = value(matcher.group(1), values);
      out.append(urlEncode ? percentEncode(value) : value);
      last = matcher.end();
    }
    out.append(template, last, template.length());
    return out.toString();
  }

  private static String value(String name, Values values) {
    Incident incident = values.incident();
    if (name.startsWith(LABEL_PREFIX)) {
      String label = incident.getLabels().get(name.substring(LABEL_PREFIX.length()));
      return label == null ? "" : label;
    }
    return switch (name) {
      case "incident", "incident.id" -> incident.getId();
      case "incident.version" -> Long.toString(incident.getVersion());
      case "incident.status" -> incident.getStatus().name();
      case "incident.title" -> incident.getTitle();
      case "incident.severity" -> incident.getSeverity().name();
      case "incident.services" -> String.join(", ", incident.getServices());
      case "incident.rootCause" -> rootCause(incident);
      case "incident.memberCount" -> Integer.toString(incident.getAlerts().size());
      case "incident.firstSeen" -> incident.getFirstSeen().toString();
      case "incident.lastSeen" -> incident.getLastSeen().toString();
      case "incident.labels" -> labelsText(incident);
      case "actionId" -> values.actionId();
      case "rule" -> values.rule();
      case "step" -> values.step();
      case "dedupKey" -> values.dedupKey();
      case "pagerdutySeverity" -> pagerdutySeverity(incident.getSeverity());
      default -> throw new IllegalArgumentException("unknown placeholder {{" + name + "}}");
    };
  }

  private static String labelsText(Incident incident) {
    List<String> pairs = new ArrayList<>();
    new TreeMap<>(incident.getLabels()).forEach((k, v) -> pairs.add(k + "=" + v));
    return String.join(", ", pairs);
  }

  static String pagerdutySeverity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "critical";
      case WARNING -> "warning";
      default -> "info";
    };
  }

  /** Percent-encodes every byte but ASCII letters, digits, '-', '_' and '~' ('.' too). */
  static String percentEncode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
