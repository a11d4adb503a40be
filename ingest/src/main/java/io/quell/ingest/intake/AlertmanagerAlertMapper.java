/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Severity;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps one element of an Alertmanager webhook's {@code alerts} array to an {@link Alert}. Fields,
 * checked in this order: {@code labels} (required, with {@code alertname}), {@code status} ({@code
 * firing} or {@code resolved}, required), {@code annotations}, {@code startsAt} (required), {@code
 * endsAt}, {@code fingerprint}. {@code generatorURL} and other fields are ignored.
 *
 * <p>The fingerprint is Alertmanager's when given, else {@link #fingerprintOf} of the labels. The
 * severity comes from the {@code severity} label ({@code critical}, {@code warning} or {@code info}
 * in any case; {@code WARNING} when absent or unknown), the service from the {@code service} label,
 * else {@code job}. {@code endsAt} is kept for resolved alerts only: a firing alert's end is
 * Alertmanager's zero time or a guess of when it expires, and Quell's alerts have none while
 * firing.
 */
public final class AlertmanagerAlertMapper implements RecordMapper<Alert> {

  /** The {@code source} of the alerts it makes. */
  public static final String SOURCE = "alertmanager";

  /** Go's zero time, which Alertmanager sends for an end that is not set. */
  static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final RecordLimits limits;

  /** A mapper with the default {@link RecordLimits}. */
  public AlertmanagerAlertMapper() {
    this(RecordLimits.DEFAULTS);
  }

  /** A mapper refusing alerts with more labels than {@code limits} allow. */
  public AlertmanagerAlertMapper(RecordLimits limits) {
    this.limits = limits;
  }

  @Override
  public Alert map(ObjectNode record) throws InvalidRecordException {
    if (JsonFields.field(record, "labels") == null) {
      throw InvalidRecordException.missing("labels");
    }
    Map<String, String> labels = JsonFields.stringMap(record, "labels");
    limits.checkLabels("labels", labels.size());
    String name = labels.get("alertname");
    if (name == null) {
      throw InvalidRecordException.missing("labels.alertname");
    }
    if (name.isBlank()) {
      throw InvalidRecordException.invalid("labels.alertname", "must not be empty");
    }
    AlertStatus status = status(record);
    Map<String, String> annotations = JsonFields.stringMap(record, "annotations");
    Instant startsAt = JsonFields.timestamp(record, "startsAt");
    Instant endsAt = endsAt(record);
    String fingerprint = JsonFields.optionalText(record, "fingerprint");
    if (fingerprint == null || fingerprint.isBlank()) {
      fingerprint = fingerprintOf(labels);
    }
    String service = labels.get("service");
    if (service == null || service.isBlank()) {
      service = labels.get("job");
    }
    return Alert.newBuilder()
        .setFingerprint(fingerprint.strip())
        .setName(name)
        .setSource(SOURCE)
        .setStatus(status)
        .setSeverity(severity(labels.get("severity")))
        .setService(service == null || service.isBlank() ? null : service)
        .setLabels(labels)
        .setAnnotations(annotations)
        .setStartsAt(startsAt)
        .setEndsAt(status == AlertStatus.RESOLVED ? endsAt : null)
        .build();
  }

  private static AlertStatus status(ObjectNode record) throws InvalidRecordException {
    String text = JsonFields.requiredText(record, "status", false);
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "firing" -> AlertStatus.FIRING;
      case "resolved" -> AlertStatus.RESOLVED;
      default ->
          throw InvalidRecordException.invalid(
              "status", "'" + JsonFields.abbreviate(text) + "' is neither firing nor resolved");
    };
  }

  /** The end, or null when absent or Alertmanager's zero time. */
  private static Instant endsAt(ObjectNode record) throws InvalidRecordException {
    JsonNode value = JsonFields.field(record, "endsAt");
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      try {
        Instant instant =
            OffsetDateTime.parse(value.textValue().strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .toInstant();
        if (!instant.isAfter(ZERO_TIME)) {
          return null;
        }
      } catch (DateTimeException e) {
        // Not an ISO-8601 time: JsonFields.timestamp says what is wrong with it.
      }
    }
    return JsonFields.timestamp(record, "endsAt");
  }

  /** The severity named by a {@code severity} label; WARNING when absent or unknown. */
  static Severity severity(String label) {
    if (label == null) {
      return Severity.WARNING;
    }
    return switch (label.strip().toLowerCase(Locale.ROOT)) {
      case "critical" -> Severity.CRITICAL;
      case "info" -> Severity.INFO;
      default -> Severity.WARNING;
    };
  }

  /**
   * A stable identity for alerts without one: 16 hex digits of the 64-bit FNV-1a hash of the labels
   * sorted by name, each name and value followed by a 0xff byte (which UTF-8 text never contains).
   * The same labels, in any order, always give the same fingerprint.
   */
  public static String fingerprintOf(Map<String, String> labels) {
    long hash = FNV_OFFSET;
    for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
      hash = add(hash, label.getKey());
      hash = add(hash, label.getValue());
    }
    return String.format(Locale.ROOT, "%016x", hash);
  }

  private static long add(long hash, String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    hash ^= 0xff;
    hash *= FNV_PRIME;
    return hash;
  }
}
