/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.quell.ingest.Utf8;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the log records of an OTLP {@code ExportLogsServiceRequest} to {@link LogEvent}s, one each:
 *
 * <ul>
 *   <li>{@code service}: the resource attribute {@code service.name}, else {@value
 *       OtlpValues#UNKNOWN_SERVICE} (OpenTelemetry's own name for a service that gave none);
 *   <li>{@code host}: the resource attribute {@code host.name};
 *   <li>{@code level}: from the severity number (1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20
 *       ERROR, 21-24 FATAL), else from the severity text as the JSON endpoint reads {@code level},
 *       else INFO;
 *   <li>{@code message}: the body, a string as it is, any other value as its text (key-value lists
 *       and arrays as JSON); empty without a body; at most {@link RecordLimits#maxLineBytes()};
 *   <li>{@code attributes}: the resource attributes, then the record's own (which win), then {@code
 *       trace_id} and {@code span_id} in hex when the record has them;
 *   <li>{@code timestamp}: {@code time_unix_nano}, else {@code observed_time_unix_nano}, else the
 *       time the intake received it.
 * </ul>
 *
 * <p>Records are numbered from 0 in request order, across resources and scopes.
 */
public final class OtlpLogsMapper {

  private final RecordLimits limits;
  private final int maxReportedRejections;
  private final Clock clock;
  private final int maxRecordBytes;

  /** A mapper without a size limit on a record as a whole (the line limit still holds). */
  public OtlpLogsMapper(RecordLimits limits, int maxReportedRejections, Clock clock) {
    this(limits, maxReportedRejections, clock, Integer.MAX_VALUE);
  }

  /**
   * @param maxRecordBytes most UTF-8 bytes of a record's message and attributes together ({@code
   *     quell.ingest.max-record-bytes}), so that no record outgrows what Kafka takes
   */
  public OtlpLogsMapper(
      RecordLimits limits, int maxReportedRejections, Clock clock, int maxRecordBytes) {
    this.limits = limits;
    this.maxReportedRejections = maxReportedRejections;
    this.clock = clock;
    this.maxRecordBytes = maxRecordBytes;
  }

  public ParsedBatch<LogEvent> map(ExportLogsServiceRequest request) {
    BatchBuilder<LogEvent> batch = new BatchBuilder<>(maxReportedRejections);
    Instant received = clock.instant();
    int index = 0;
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      List<KeyValue> resource = resourceLogs.getResource().getAttributesList();
      Map<String, String> resourceAttributes = OtlpValues.attributes(resource);
      String service = OtlpValues.attribute(resource, OtlpValues.SERVICE_NAME);
      String host = OtlpValues.attribute(resource, OtlpValues.HOST_NAME);
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        for (LogRecord record : scopeLogs.getLogRecordsList()) {
          try {
            batch.accept(
                map(
                    record,
                    service == null ? OtlpValues.UNKNOWN_SERVICE : service,
                    host,
                    resourceAttributes,
                    received));
          } catch (InvalidRecordException e) {
            batch.reject(new Rejection(index, e.field(), e.reason(), e.getMessage()));
          }
          index++;
        }
      }
    }
    return batch.build().batch();
  }

  private LogEvent map(
      LogRecord record,
      String service,
      String host,
      Map<String, String> resourceAttributes,
      Instant received)
      throws InvalidRecordException {
    if (service.length() > LogEventMapper.MAX_SERVICE_LENGTH) {
      throw InvalidRecordException.invalid(
          "resource.service.name",
          "must be at most " + LogEventMapper.MAX_SERVICE_LENGTH + " characters");
    }
    String message = record.hasBody() ? OtlpValues.text(record.getBody()) : "";
    limits.checkLine("body", message);
    Map<String, String> attributes = new LinkedHashMap<>(resourceAttributes);
    OtlpValues.putAll(attributes, record.getAttributesList());
    String traceId = OtlpValues.hex(record.getTraceId());
    if (traceId != null) {
      attributes.put("trace_id", traceId);
    }
    String spanId = OtlpValues.hex(record.getSpanId());
    if (spanId != null) {
      attributes.put("span_id", spanId);
    }
    long size = Utf8.length(message);
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      size += Utf8.length(attribute.getKey()) + Utf8.length(attribute.getValue());
    }
    if (size > maxRecordBytes) {
      throw new InvalidRecordException(
          null,
          Rejection.Reason.TOO_LARGE,
          "the message and attributes are "
              + size
              + " bytes, more than the limit of "
              + maxRecordBytes);
    }
    Instant timestamp = OtlpValues.instantOfNanos(record.getTimeUnixNano());
    if (timestamp == null) {
      timestamp = OtlpValues.instantOfNanos(record.getObservedTimeUnixNano());
    }
    return LogEvent.newBuilder()
        .setTimestamp(timestamp == null ? received : timestamp)
        .setService(service)
        .setHost(host)
        .setLevel(level(record))
        .setMessage(message)
        .setAttributes(attributes)
        .build();
  }

  /** The level of a record: its severity number's range, else its severity text, else INFO. */
  static LogLevel level(LogRecord record) {
    int number = record.getSeverityNumberValue();
    if (number >= 1 && number <= 24) {
      return switch ((number - 1) / 4) {
        case 0 -> LogLevel.TRACE;
        case 1 -> LogLevel.DEBUG;
        case 2 -> LogLevel.INFO;
        case 3 -> LogLevel.WARN;
        case 4 -> LogLevel.ERROR;
        default -> LogLevel.FATAL;
      };
    }
    LogLevel fromText = LogEventMapper.levelOf(record.getSeverityText());
    return fromText == null ? LogLevel.INFO : fromText;
  }
}
