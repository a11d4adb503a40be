/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.schemas.avro.LogLevel;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the level, the timestamp and the message out of the first line of an event.
 *
 * <ul>
 *   <li>A JSON object line: the level from {@code level}, {@code lvl}, {@code severity} or {@code
 *       log.level} (names or the numbers of pino/bunyan: 10 trace ... 60 fatal), the message from
 *       {@code msg} or {@code message}, the time from {@code timestamp}, {@code time}, {@code ts}
 *       or {@code @timestamp} (ISO-8601, or epoch seconds or milliseconds); other fields become
 *       attributes (objects and arrays as their JSON text).
 *   <li>Any other line: an ISO-8601 date and time at its start ({@code 2026-03-01T08:00:00.123Z},
 *       {@code 2026-03-01 08:00:00,123}, optionally in brackets; without an offset in the
 *       configured zone) is taken and cut off; then a level word right at the start ({@code ERROR},
 *       {@code [warn]}, {@code INFO:}) is taken and cut off, else the first upper-case level word
 *       among the next 48 characters is taken ({@code [main] ERROR c.e.Foo - ...}) and left in.
 * </ul>
 *
 * Without a level the event is INFO; without a timestamp it gets the time it was read.
 */
final class LogLineParser {

  /**
   * What a line says about itself.
   *
   * @param timestamp epoch milliseconds, or null when the line carries none
   * @param level the level, INFO when none was found
   * @param message the text without the timestamp and level prefix (the following lines of the
   *     event included)
   * @param attributes fields of a JSON line other than level, message and time
   */
  record Parsed(Long timestamp, LogLevel level, String message, Map<String, String> attributes) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_JSON_ATTRIBUTES = 64;
  private static final int LEVEL_SEARCH_CHARS = 48;

  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "^(\\[)?(\\d{4})[-/](\\d{2})[-/](\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})"
              + "(?:[.,](\\d{1,9}))?\\s?(Z|[+-]\\d{2}(?::?\\d{2})?)?(\\])?");
  private static final String LEVELS =
      "TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRITICAL|CRIT|PANIC";
  private static final Pattern LEADING_LEVEL =
      Pattern.compile("^[\\[(<]?(" + LEVELS + ")[\\])>]?:?(?=\\s|$)\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern LEVEL_WORD = Pattern.compile("\\b(" + LEVELS + ")\\b");

  private final ZoneId zone;

  LogLineParser(ZoneId zone) {
    this.zone = zone;
  }

  Parsed parse(String event) {
    int newline = event.indexOf('\n');
    String first = newline < 0 ? event : event.substring(0, newline);
    String rest = newline < 0 ? "" : event.substring(newline);
    if (first.startsWith("{")) {
      Parsed parsed = parseJson(first, rest);
      if (parsed != null) {
        return parsed;
      }
    }
    Long timestamp = null;
    String text = first;
    Matcher time = TIMESTAMP.matcher(text);
    if (time.lookingAt() && (time.group(1) == null) == (time.group(10) == null)) {
      timestamp = toMillis(time);
      if (timestamp != null) {
        text = text.substring(time.end()).stripLeading();
      }
    }
    LogLevel level = null;
    Matcher leading = LEADING_LEVEL.matcher(text);
    if (leading.lookingAt()) {
      level = level(leading.group(1));
      text = text.substring(leading.end());
    } else {
      Matcher word = LEVEL_WORD.matcher(text);
      word.region(0, Math.min(text.length(), LEVEL_SEARCH_CHARS));
      if (word.find()) {
        level = level(word.group(1));
      }
    }
    return new Parsed(timestamp, level == null ? LogLevel.INFO : level, text + rest, Map.of());
  }

  private Long toMillis(Matcher time) {
    try {
      String fraction = time.group(8) == null ? "" : time.group(8);
      int nanos =
          fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(time.group(2)),
              Integer.parseInt(time.group(3)),
              Integer.parseInt(time.group(4)),
              Integer.parseInt(time.group(5)),
              Integer.parseInt(time.group(6)),
              Integer.parseInt(time.group(7)),
              nanos);
      String offset = time.group(9);
      Instant instant =
          offset == null
              ? local.atZone(zone).toInstant()
              : local.atOffset(offset(offset)).toInstant();
      return instant.toEpochMilli();
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static ZoneOffset offset(String text) {
    if (text.equals("Z")) {
      return ZoneOffset.UTC;
    }
    String digits = text.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, 2));
    int minutes = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
    int sign = text.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  private Parsed parseJson(String first, String rest) {
    JsonNode node;
    try {
      node = JSON.readTree(first);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (node == null || !node.isObject()) {
      return null;
    }
    Long timestamp = null;
    LogLevel level = null;
    String message = null;
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      switch (name) {
        case "level", "lvl", "severity", "log.level" -> {
          if (level == null) {
            level = value.isNumber() ? numericLevel(value.asInt()) : level(value.asText());
          }
          if (level != null) {
            continue;
          }
        }
        case "msg", "message" -> {
          if (message == null && value.isValueNode()) {
            message = value.asText();
            continue;
          }
        }
        case "timestamp", "time", "ts", "@timestamp" -> {
          if (timestamp == null) {
            timestamp = jsonTime(value);
            if (timestamp != null) {
              continue;
            }
          }
        }
        default -> {}
      }
      if (attributes.size() < MAX_JSON_ATTRIBUTES && !value.isNull()) {
        attributes.put(name, value.isValueNode() ? value.asText() : value.toString());
      }
    }
    return new Parsed(
        timestamp,
        level == null ? LogLevel.INFO : level,
        (message == null ? first : message) + rest,
        attributes);
  }

  private Long jsonTime(JsonNode value) {
    try {
      if (value.isNumber()) {
        BigDecimal number = value.decimalValue();
        // Below 10^11 it is seconds (until the year 5138), above it milliseconds.
        return number.abs().compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0
            ? number.movePointRight(3).longValue()
            : number.longValue();
      }
      if (value.isTextual()) {
        String text = value.textValue().strip();
        Matcher time = TIMESTAMP.matcher(text);
        if (time.matches()) {
          return toMillis(time);
        }
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
      }
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
    return null;
  }

  private static LogLevel numericLevel(int value) {
    if (value <= 10) {
      return LogLevel.TRACE;
    }
    if (value <= 20) {
      return LogLevel.DEBUG;
    }
    if (value <= 30) {
      return LogLevel.INFO;
    }
    if (value <= 40) {
      return LogLevel.WARN;
    }
    return value <= 50 ? LogLevel.ERROR : LogLevel.FATAL;
  }

  /** The level a word names, or null. */
  static LogLevel level(String word) {
    return switch (word.strip().toUpperCase(Locale.ROOT)) {
      case "TRACE" -> LogLevel.TRACE;
      case "DEBUG" -> LogLevel.DEBUG;
      case "INFO", "NOTICE" -> LogLevel.INFO;
      case "WARN", "WARNING" -> LogLevel.WARN;
      case "ERROR", "ERR", "SEVERE" -> LogLevel.ERROR;
      case "FATAL", "CRITICAL", "CRIT", "PANIC" -> LogLevel.FATAL;
      default -> null;
    };
  }
}
