/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the records of a request body and maps each one, keeping the good ones and the reasons for
 * the bad ones. The body is streamed record by record, so that only one record's JSON tree exists
 * at a time.
 */
public final class PayloadReader {

  /** How deeply JSON may nest; records are flat, so anything deep is garbage or an attack. */
  static final int MAX_NESTING_DEPTH = 64;

  private final ObjectMapper json;
  private final int maxRecordBytes;
  private final int maxReportedRejections;

  /**
   * @param maxRecordBytes largest JSON text of one record, in bytes
   * @param maxReportedRejections how many rejections are kept with their details (all are counted)
   */
  public PayloadReader(int maxRecordBytes, int maxReportedRejections) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
    this.json = new ObjectMapper(factory);
    this.maxRecordBytes = maxRecordBytes;
    this.maxReportedRejections = maxReportedRejections;
  }

  /**
   * Reads {@code body} in {@code format} and maps every record with {@code mapper}.
   *
   * @throws MalformedPayloadException for a {@link PayloadFormat#JSON} body that is not valid JSON
   *     (NDJSON reports a malformed line as a rejected record instead)
   */
  public <T> ParsedBatch<T> read(byte[] body, PayloadFormat format, RecordMapper<T> mapper)
      throws MalformedPayloadException {
    Collector<T> collector = new Collector<>(mapper);
    if (format == PayloadFormat.JSON) {
      readJson(body, collector);
    } else {
      readNdjson(body, collector);
    }
    return collector.result();
  }

  private <T> void readJson(byte[] body, Collector<T> collector) throws MalformedPayloadException {
    try (JsonParser parser = json.createParser(body)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_ARRAY) {
          while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            collector.value(parser, token);
          }
        } else {
          collector.value(parser, token);
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      throw new MalformedPayloadException(
          e.getOriginalMessage(),
          where == null ? 0 : where.getLineNr(),
          where == null ? 0 : where.getColumnNr(),
          where == null ? -1 : where.getByteOffset());
    } catch (IOException e) {
      throw new MalformedPayloadException(String.valueOf(e.getMessage()), 0, 0, -1);
    }
  }

  private <T> void readNdjson(byte[] body, Collector<T> collector) {
    int lineNumber = 0;
    int start = 0;
    while (start < body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      lineNumber++;
      int length = end - start;
      if (length > 0 && body[end - 1] == '\r') {
        length--;
      }
      if (!isBlank(body, start, length)) {
        readLine(body, start, length, lineNumber, collector);
      }
      start = end + 1;
    }
  }

  private <T> void readLine(
      byte[] body, int start, int length, int lineNumber, Collector<T> collector) {
    JsonNode tree;
    try (JsonParser parser = json.createParser(body, start, length)) {
      tree = json.readTree(parser);
      if (parser.nextToken() != null) {
        collector.rejectMalformed("line " + lineNumber + ": more than one JSON value on the line");
        return;
      }
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      collector.rejectMalformed(
          "line "
              + lineNumber
              + (where == null ? "" : ", column " + where.getColumnNr())
              + ": "
              + e.getOriginalMessage());
      return;
    } catch (IOException e) {
      collector.rejectMalformed("line " + lineNumber + ": " + e.getMessage());
      return;
    }
    collector.tree(tree, length);
  }

  private static boolean isBlank(byte[] body, int start, int length) {
    for (int i = start; i < start + length; i++) {
      byte b = body[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Accumulates one request's outcome, record by record. */
  private final class Collector<T> {
    private final RecordMapper<T> mapper;
    private final List<T> accepted = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final Map<Rejection.Reason, Integer> byReason = new EnumMap<>(Rejection.Reason.class);
    private int rejected;
    private int nextIndex;

    Collector(RecordMapper<T> mapper) {
      this.mapper = mapper;
    }

    /** Takes the value that starts at the parser's current token. */
    void value(JsonParser parser, JsonToken token) throws IOException {
      if (token != JsonToken.START_OBJECT) {
        parser.skipChildren();
        notAnObject(describe(token));
        return;
      }
      long startOffset = parser.currentTokenLocation().getByteOffset();
      JsonNode tree = json.readTree(parser);
      tree(tree, parser.currentLocation().getByteOffset() - startOffset);
    }

    /** Takes one whole value whose JSON text is {@code size} bytes. */
    void tree(JsonNode tree, long size) {
      if (!(tree instanceof ObjectNode record)) {
        notAnObject(describe(tree));
        return;
      }
      int index = nextIndex++;
      if (size > maxRecordBytes) {
        reject(
            new Rejection(
                index,
                null,
                Rejection.Reason.TOO_LARGE,
                "the record is " + size + " bytes, more than the limit of " + maxRecordBytes));
        return;
      }
      try {
        accepted.add(mapper.map(record));
      } catch (InvalidRecordException e) {
        reject(new Rejection(index, e.field(), e.reason(), e.getMessage()));
      }
    }

    private void notAnObject(String found) {
      reject(
          new Rejection(
              nextIndex++,
              null,
              Rejection.Reason.NOT_AN_OBJECT,
              "expected a JSON object but found " + found));
    }

    void rejectMalformed(String message) {
      reject(new Rejection(nextIndex++, null, Rejection.Reason.MALFORMED_JSON, message));
    }

    private void reject(Rejection rejection) {
      rejected++;
      byReason.merge(rejection.reason(), 1, Integer::sum);
      if (rejections.size() < maxReportedRejections) {
        rejections.add(rejection);
      }
    }

    ParsedBatch<T> result() {
      return new ParsedBatch<>(accepted, rejections, rejected, byReason);
    }
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }
}
