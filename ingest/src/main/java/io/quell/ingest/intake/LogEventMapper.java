/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import java.util.Locale;

/**
 * Maps a JSON log record to a {@link LogEvent}. Fields, checked in this order: {@code timestamp}
 * (required), {@code service} (required, at most 256 characters), {@code host}, {@code level}
 * (TRACE, DEBUG, INFO, WARN, ERROR, FATAL in any case, also WARNING and CRITICAL; INFO when
 * absent), {@code message} (required, may be empty, at most {@link RecordLimits#maxLineBytes()}
 * bytes), {@code attributes} (object of strings). Other fields are ignored.
 */
public final class LogEventMapper implements RecordMapper<LogEvent> {

  /** Longest service name: it is the record key and a label everywhere downstream. */
  public static final int MAX_SERVICE_LENGTH = 256;

  private final RecordLimits limits;

  /** A mapper with the default {@link RecordLimits}. */
  public LogEventMapper() {
    this(RecordLimits.DEFAULTS);
  }

  public LogEventMapper(RecordLimits limits) {
    this.limits = limits;
  }

  @Override
  public LogEvent map(ObjectNode record) throws InvalidRecordException {
    var timestamp = JsonFields.timestamp(record, "timestamp");
    String service = JsonFields.requiredText(record, "service", false);
    if (service.length() > MAX_SERVICE_LENGTH) {
      throw InvalidRecordException.invalid(
          "service", "must be at most " + MAX_SERVICE_LENGTH + " characters");
    }
    String host = JsonFields.optionalText(record, "host");
    LogLevel level = level(record);
    String message = JsonFields.requiredText(record, "message", true);
    limits.checkLine("message", message);
    return LogEvent.newBuilder()
        .setTimestamp(timestamp)
        .setService(service)
        .setHost(host)
        .setLevel(level)
        .setMessage(message)
        .setAttributes(JsonFields.stringMap(record, "attributes"))
        .build();
  }

  private static LogLevel level(ObjectNode record) throws InvalidRecordException {
    JsonNode value = JsonFields.field(record, "level");
    if (value == null) {
      return LogLevel.INFO;
    }
    if (!value.isTextual()) {
      throw InvalidRecordException.invalid(
          "level", "must be a string but is " + JsonFields.typeOf(value));
    }
    LogLevel level = levelOf(value.textValue());
    if (level == null) {
      throw InvalidRecordException.invalid(
          "level",
          "'"
              + JsonFields.abbreviate(value.textValue())
              + "' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
    }
    return level;
  }

  /**
   * The level a name stands for (TRACE, DEBUG, INFO, WARN or WARNING, ERROR, FATAL or CRITICAL, in
   * any case), or null.
   */
  static LogLevel levelOf(String text) {
    return switch (text.strip().toUpperCase(Locale.ROOT)) {
      case "TRACE" -> LogLevel.TRACE;
      case "DEBUG" -> LogLevel.DEBUG;
      case "INFO" -> LogLevel.INFO;
      case "WARN", "WARNING" -> LogLevel.WARN;
      case "ERROR" -> LogLevel.ERROR;
      case "FATAL", "CRITICAL" -> LogLevel.FATAL;
      default -> null;
    };
  }
}
