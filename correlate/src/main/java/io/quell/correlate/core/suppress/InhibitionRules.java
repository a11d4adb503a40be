/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads inhibition rules from YAML (or JSON, which is YAML too):
 *
 * <pre>
 * rules:                                  # or the list on its own
 *   - name: node-down-mutes-its-alerts    # required, unique
 *     source: ['alertname="NodeDown"']    # matchers, all must hold
 *     target: ['severity=~"warning|info"']
 *     equal: [node]                       # optional
 *     lateness-ms: 60000                  # optional; else the default lateness
 * </pre>
 *
 * Matchers are written as in Prometheus ({@link LabelMatcher#parse}). Every mistake is an error
 * naming the rule and the field: a rule that silently mutes nothing (or everything) is worse than a
 * job that does not start.
 */
public final class InhibitionRules {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> FIELDS =
      Set.of("name", "source", "target", "equal", "lateness-ms");

  private InhibitionRules() {}

  /**
   * @param text the rules; blank for none
   * @param defaultLateness the lateness of rules that do not set their own
   * @throws IllegalArgumentException for text that is not YAML or a rule that is not valid
   */
  public static List<InhibitionRule> parse(String text, Duration defaultLateness) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Inhibition rules are not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return List.of();
    }
    JsonNode list = root.isObject() ? root.path("rules") : root;
    if (!list.isArray()) {
      throw new IllegalArgumentException(
          "Inhibition rules must be a list of rules (or a map with the list under 'rules')");
    }
    List<InhibitionRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode node : list) {
      index++;
      InhibitionRule rule = rule(node, index, defaultLateness);
      if (!names.add(rule.name())) {
        throw new IllegalArgumentException("Two inhibition rules are named " + rule.name());
      }
      rules.add(rule);
    }
    return List.copyOf(rules);
  }

  private static InhibitionRule rule(JsonNode node, int index, Duration defaultLateness) {
    String where = "inhibition rule " + index;
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " is not a map");
    }
    String name = node.path("name").asText("");
    if (!name.isBlank()) {
      where = "inhibition rule " + name;
    }
    for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            where + ": unknown field '" + field + "' (known: " + FIELDS + ")");
      }
    }
    try {
      Duration lateness = defaultLateness;
      if (node.has("lateness-ms")) {
        JsonNode value = node.get("lateness-ms");
        if (!value.canConvertToLong() && !value.asText().matches("\\d+")) {
          throw new IllegalArgumentException("lateness-ms must be a number of milliseconds");
        }
        lateness = Duration.ofMillis(value.asLong());
      }
      return new InhibitionRule(
          name,
          matchers(node.path("source"), "source"),
          matchers(node.path("target"), "target"),
          strings(node.path("equal"), "equal"),
          lateness);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static List<LabelMatcher> matchers(JsonNode node, String field) {
    List<LabelMatcher> matchers = new ArrayList<>();
    for (String text : strings(node, field)) {
      matchers.add(LabelMatcher.parse(text));
    }
    return matchers;
  }

  private static List<String> strings(JsonNode node, String field) {
    List<String> values = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return values;
    }
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
}
