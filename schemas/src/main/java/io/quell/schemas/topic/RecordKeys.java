/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.topic;

import io.quell.schemas.avro.LogTemplate;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.TopologyEdge;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The record keys that are computed from more than one field. Producers and consumers must agree on
 * them byte for byte, since Kafka partitions by key and keyed state is looked up by it.
 */
public final class RecordKeys {

  private RecordKeys() {}

  /**
   * The series id of a metric: the name followed by its labels sorted by name, in the Prometheus
   * notation, for example {@code http_requests_total{code="500",service="cart"}}; the bare name
   * when there are no labels.
   *
   * <p>The same series always gets the same id, whatever the order of the labels in the map.
   * Different series never share an id: label values are quoted, and every character that could be
   * read as structure (quote, backslash, newline; and in names also {@code = , { }}) is escaped
   * with a backslash. As in Prometheus, a label with an empty value is the same as no label.
   */
  public static String seriesId(String metricName, Map<String, String> labels) {
    Objects.requireNonNull(metricName, "metricName");
    StringBuilder id = new StringBuilder(metricName.length() + 16 * labels.size());
    escapeName(metricName, id);
    TreeMap<String, String> sorted = new TreeMap<>();
    labels.forEach(
        (name, value) -> {
          if (name != null && value != null && !value.isEmpty()) {
            sorted.put(name, value);
          }
        });
    if (sorted.isEmpty()) {
      return id.toString();
    }
    id.append('{');
    boolean first = true;
    for (Map.Entry<String, String> label : sorted.entrySet()) {
      if (!first) {
        id.append(',');
      }
      first = false;
      escapeName(label.getKey(), id);
      id.append("=\"");
      escapeValue(label.getValue(), id);
      id.append('"');
    }
    return id.append('}').toString();
  }

  /** The series id of the point's series (see {@link #seriesId(String, Map)}). */
  public static String seriesId(MetricPoint point) {
    return seriesId(point.getName(), point.getLabels());
  }

  /** The key of a topology edge on quell.topology: {@code caller->callee}. */
  public static String topologyEdge(String caller, String callee) {
    return Objects.requireNonNull(caller, "caller")
        + "->"
        + Objects.requireNonNull(callee, "callee");
  }

  public static String topologyEdge(TopologyEdge edge) {
    return topologyEdge(edge.getCaller(), edge.getCallee());
  }

  /**
   * The key of a log template on quell.templates: {@code service/templateId}. Compaction keeps one
   * record per key, and two services may mine templates with the same id.
   */
  public static String template(String service, String templateId) {
    return Objects.requireNonNull(service, "service")
        + "/"
        + Objects.requireNonNull(templateId, "templateId");
  }

  public static String template(LogTemplate template) {
    return template(template.getService(), template.getTemplateId());
  }

  private static void escapeName(String name, StringBuilder out) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\\', '"', '=', ',', '{', '}' -> out.append('\\').append(c);
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  private static void escapeValue(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\', '"' -> out.append('\\').append(c);
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }
}
