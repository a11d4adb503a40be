/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Reads OTLP/JSON into the generated OTLP messages. OTLP/JSON is protobuf's JSON mapping with two
 * differences, which {@link JsonFormat} alone would get wrong: trace and span ids are hex, not
 * base64, so they are converted first; and unknown fields must be ignored, so that newer senders
 * work. Enums may be names or numbers, 64-bit integers strings or numbers, field names
 * lowerCamelCase or as in the proto files: {@link JsonFormat} takes all of these.
 */
public final class OtlpJson {

  /** The OTLP fields that hold ids, in both spellings {@link JsonFormat} accepts. */
  private static final Set<String> ID_FIELDS =
      Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final ObjectMapper json;

  public OtlpJson() {
    this.json =
        new ObjectMapper(
            JsonFactory.builder()
                .streamReadConstraints(
                    StreamReadConstraints.builder()
                        .maxNestingDepth(PayloadReader.MAX_NESTING_DEPTH)
                        .build())
                .build());
  }

  /**
   * Merges the OTLP/JSON {@code body} into {@code builder}.
   *
   * @throws UndecodableBodyException when the body is not JSON ({@code malformed_json}) or does not
   *     fit the message ({@code malformed_otlp}: a wrong type, an id that is not hex...)
   */
  public void merge(byte[] body, Message.Builder builder) throws UndecodableBodyException {
    JsonNode tree;
    try {
      tree = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new UndecodableBodyException(
          "malformed_json", "The body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UndecodableBodyException(
          "malformed_json", "The body is not valid JSON: " + e.getMessage());
    }
    if (!(tree instanceof ObjectNode)) {
      throw new UndecodableBodyException("malformed_otlp", "The body must be one OTLP/JSON object");
    }
    hexIdsToBase64(tree);
    try {
      PARSER.merge(tree.toString(), builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // JsonFormat throws unchecked exceptions (from Gson) for some malformed input, too.
      throw new UndecodableBodyException(
          "malformed_otlp",
          "The body is not an OTLP/JSON "
              + builder.getDescriptorForType().getName()
              + ": "
              + e.getMessage());
    }
  }

  /** Rewrites every hex id field in the tree into base64, the form {@link JsonFormat} reads. */
  private static void hexIdsToBase64(JsonNode node) throws UndecodableBodyException {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        JsonNode value = field.getValue();
        if (ID_FIELDS.contains(field.getKey()) && value.isTextual()) {
          field.setValue(object.textNode(base64OfHex(field.getKey(), value.textValue())));
        } else {
          hexIdsToBase64(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode item : array) {
        hexIdsToBase64(item);
      }
    }
  }

  private static String base64OfHex(String field, String hex) throws UndecodableBodyException {
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new UndecodableBodyException(
          "malformed_otlp",
          field
              + " must be hex digits (OTLP/JSON encodes ids in hex) but is '"
              + JsonFields.abbreviate(hex)
              + "'");
    }
  }
}
