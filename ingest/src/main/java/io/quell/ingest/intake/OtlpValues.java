/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading OTLP's attribute values and times the way Quell's records hold them. */
final class OtlpValues {

  /** The resource attribute naming the service (OpenTelemetry semantic conventions). */
  static final String SERVICE_NAME = "service.name";

  static final String HOST_NAME = "host.name";
  static final String SERVICE_INSTANCE_ID = "service.instance.id";

  /** What OpenTelemetry calls a service that did not name itself. */
  static final String UNKNOWN_SERVICE = "unknown_service";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OtlpValues() {}

  /**
   * An attribute value as text: strings as they are, numbers and booleans as their text, bytes in
   * base64, arrays and key-value lists as compact JSON; an unset value as the empty string.
   */
  static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> json(value).toString();
      // Unset, or string_value_strindex, which only profiles use (an index into their table).
      default -> "";
    };
  }

  private static JsonNode json(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> NODES.textNode(value.getStringValue());
      case BOOL_VALUE -> NODES.booleanNode(value.getBoolValue());
      case INT_VALUE -> NODES.numberNode(value.getIntValue());
      case DOUBLE_VALUE ->
          Double.isFinite(value.getDoubleValue())
              ? NODES.numberNode(value.getDoubleValue())
              : NODES.textNode(Double.toString(value.getDoubleValue()));
      case BYTES_VALUE ->
          NODES.textNode(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        ArrayNode array = NODES.arrayNode();
        for (AnyValue item : value.getArrayValue().getValuesList()) {
          array.add(json(item));
        }
        yield array;
      }
      case KVLIST_VALUE -> {
        ObjectNode object = NODES.objectNode();
        for (KeyValue item : value.getKvlistValue().getValuesList()) {
          object.set(item.getKey(), json(item.getValue()));
        }
        yield object;
      }
      default -> NODES.nullNode();
    };
  }

  /** Attributes as a map of text, in order; a later key wins. */
  static Map<String, String> attributes(List<KeyValue> attributes) {
    Map<String, String> map = new LinkedHashMap<>();
    putAll(map, attributes);
    return map;
  }

  static void putAll(Map<String, String> map, List<KeyValue> attributes) {
    for (KeyValue attribute : attributes) {
      map.put(attribute.getKey(), text(attribute.getValue()));
    }
  }

  /** The value of attribute {@code key}, or null when absent or empty. */
  static String attribute(List<KeyValue> attributes, String key) {
    String found = null;
    for (KeyValue attribute : attributes) {
      if (attribute.getKey().equals(key)) {
        found = text(attribute.getValue());
      }
    }
    return found == null || found.isEmpty() ? null : found;
  }

  /**
   * The instant of an OTLP time (nanoseconds since the epoch, a fixed64 read as a signed long), cut
   * to milliseconds; null for 0, which OTLP uses for "not set", and for times past 2262 (negative
   * here), which no clock sends.
   */
  static Instant instantOfNanos(long nanos) {
    if (nanos <= 0) {
      return null;
    }
    return Instant.ofEpochMilli(nanos / 1_000_000);
  }

  /** Lower-case hex of an id (trace or span), or null when it is empty. */
  static String hex(com.google.protobuf.ByteString id) {
    return id.isEmpty() ? null : HexFormat.of().formatHex(id.toByteArray());
  }

  /**
   * A metric or label name in Prometheus' alphabet ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}, no colon in
   * labels): every other character becomes {@code _}, and a leading digit gets a {@code _} before
   * it. OpenTelemetry names use dots ({@code http.server.request.duration}); Quell's metrics, from
   * Prometheus or the JSON endpoint, use underscores, and one naming keeps queries and detectors
   * alike whatever the path a metric took.
   */
  static String prometheusName(String name, boolean label) {
    StringBuilder out = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || (c == ':' && !label)
              || (c >= '0' && c <= '9' && i > 0);
      if (c >= '0' && c <= '9' && i == 0) {
        out.append('_').append(c);
      } else {
        out.append(ok ? c : '_');
      }
    }
    return out.toString();
  }
}
