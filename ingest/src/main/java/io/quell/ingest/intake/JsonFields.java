/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Reading typed fields out of one JSON record, with a precise message when one is wrong. */
final class JsonFields {

  /** Latest event time accepted: the last millisecond of year 9999. */
  static final long MAX_EPOCH_MILLIS = 253402300799999L;

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,16}");

  private JsonFields() {}

  /** A present, non-null field, or empty. */
  static JsonNode field(ObjectNode record, String name) {
    JsonNode value = record.get(name);
    return value == null || value.isNull() ? null : value;
  }

  static String requiredText(ObjectNode record, String name, boolean allowEmpty)
      throws InvalidRecordException {
    JsonNode value = field(record, name);
    if (value == null) {
      throw InvalidRecordException.missing(name);
    }
    if (!value.isTextual()) {
      throw InvalidRecordException.invalid(name, "must be a string but is " + typeOf(value));
    }
    String text = value.textValue();
    if (!allowEmpty && text.isBlank()) {
      throw InvalidRecordException.invalid(name, "must not be empty");
    }
    return text;
  }

  static String optionalText(ObjectNode record, String name) throws InvalidRecordException {
    JsonNode value = field(record, name);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw InvalidRecordException.invalid(name, "must be a string but is " + typeOf(value));
    }
    return value.textValue();
  }

  /**
   * The event time: an ISO-8601 instant with a zone offset ({@code 2026-03-01T08:00:00Z}, {@code
   * 2026-03-01T09:00:00.123+01:00}) or epoch milliseconds (a whole number, or a string of digits),
   * cut to milliseconds.
   */
  static Instant timestamp(ObjectNode record, String name) throws InvalidRecordException {
    JsonNode value = field(record, name);
    if (value == null) {
      throw InvalidRecordException.missing(name);
    }
    long millis;
    if (value.isNumber()) {
      if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
        throw InvalidRecordException.invalid(
            name, "epoch milliseconds must be a whole number but is " + value.asText());
      }
      millis = value.longValue();
    } else if (value.isTextual()) {
      String text = value.textValue().strip();
      if (DIGITS.matcher(text).matches()) {
        millis = Long.parseLong(text);
      } else {
        millis = parseIso(name, text).toEpochMilli();
      }
    } else {
      throw InvalidRecordException.invalid(
          name, "must be an ISO-8601 string or epoch milliseconds but is " + typeOf(value));
    }
    if (millis < 0 || millis > MAX_EPOCH_MILLIS) {
      throw InvalidRecordException.invalid(
          name, "must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
    }
    return Instant.ofEpochMilli(millis);
  }

  private static Instant parseIso(String name, String text) throws InvalidRecordException {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeException | ArithmeticException e) {
      throw InvalidRecordException.invalid(
          name,
          "'"
              + abbreviate(text)
              + "' is neither an ISO-8601 time with a zone offset (2026-03-01T08:00:00Z) nor"
              + " epoch milliseconds");
    }
  }

  /**
   * An object of strings. Numbers and booleans are taken as their text, since shippers often send
   * them unquoted; nested objects, arrays and nulls are refused.
   */
  static Map<String, String> stringMap(ObjectNode record, String name)
      throws InvalidRecordException {
    JsonNode value = field(record, name);
    Map<String, String> map = new LinkedHashMap<>();
    if (value == null) {
      return map;
    }
    if (!value.isObject()) {
      throw InvalidRecordException.invalid(
          name, "must be an object of strings but is " + typeOf(value));
    }
    var fields = value.fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      JsonNode item = entry.getValue();
      String path = name + "." + entry.getKey();
      if (item.isTextual()) {
        map.put(entry.getKey(), item.textValue());
      } else if (item.isNumber() || item.isBoolean()) {
        map.put(entry.getKey(), item.asText());
      } else {
        throw InvalidRecordException.invalid(path, "must be a string but is " + typeOf(item));
      }
    }
    return map;
  }

  static String typeOf(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      case BINARY -> "binary";
    };
  }

  static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
