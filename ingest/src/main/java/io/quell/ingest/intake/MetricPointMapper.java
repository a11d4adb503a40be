/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.MetricPoint;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps a JSON metric record to a {@link MetricPoint}. Fields, checked in this order: {@code
 * timestamp} (required), {@code name} (required, a Prometheus metric name), {@code labels} (object
 * of strings with Prometheus label names; names starting with {@code __} are reserved; labels with
 * an empty value are dropped, as Prometheus does), {@code value} (required, a finite JSON number).
 * Other fields are ignored. A series with more labels than {@link
 * RecordLimits#maxLabelsPerSeries()} is rejected ({@code too_many_labels}).
 *
 * <p>NaN and infinities are refused: JSON cannot write them, and Prometheus' stale marker has no
 * meaning for pushed samples.
 */
public final class MetricPointMapper implements RecordMapper<MetricPoint> {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** Longest metric or label name, well above anything real. */
  public static final int MAX_NAME_LENGTH = 256;

  private final RecordLimits limits;

  /** A mapper with the default {@link RecordLimits}. */
  public MetricPointMapper() {
    this(RecordLimits.DEFAULTS);
  }

  public MetricPointMapper(RecordLimits limits) {
    this.limits = limits;
  }

  @Override
  public MetricPoint map(ObjectNode record) throws InvalidRecordException {
    var timestamp = JsonFields.timestamp(record, "timestamp");
    String name = JsonFields.requiredText(record, "name", false);
    if (name.length() > MAX_NAME_LENGTH || !METRIC_NAME.matcher(name).matches()) {
      throw InvalidRecordException.invalid(
          "name",
          "'"
              + JsonFields.abbreviate(name)
              + "' is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*, at most "
              + MAX_NAME_LENGTH
              + " characters)");
    }
    Map<String, String> labels = JsonFields.stringMap(record, "labels");
    for (String label : labels.keySet()) {
      if (label.length() > MAX_NAME_LENGTH || !LABEL_NAME.matcher(label).matches()) {
        throw InvalidRecordException.invalid(
            "labels." + label,
            "'"
                + JsonFields.abbreviate(label)
                + "' is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
      }
      if (label.startsWith("__")) {
        throw InvalidRecordException.invalid(
            "labels." + label, "label names starting with __ are reserved");
      }
    }
    labels.values().removeIf(String::isEmpty);
    limits.checkLabels("labels", labels.size());
    return MetricPoint.newBuilder()
        .setTimestamp(timestamp)
        .setName(name)
        .setLabels(labels)
        .setValue(value(record))
        .build();
  }

  private static double value(ObjectNode record) throws InvalidRecordException {
    JsonNode value = JsonFields.field(record, "value");
    if (value == null) {
      throw InvalidRecordException.missing("value");
    }
    if (!value.isNumber()) {
      throw InvalidRecordException.invalid(
          "value", "must be a number but is " + JsonFields.typeOf(value));
    }
    double number = value.doubleValue();
    if (!Double.isFinite(number)) {
      throw InvalidRecordException.invalid("value", "must be finite but is " + value.asText());
    }
    return number;
  }
}
