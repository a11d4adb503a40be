/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.Alert;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Alertmanager webhook body (payload {@code version} "4"): one JSON object whose {@code
 * alerts} array holds the records, each mapped by {@link AlertmanagerAlertMapper}. Records are
 * numbered by their position in {@code alerts}. The other envelope fields ({@code groupKey}, {@code
 * status}, {@code receiver}, {@code groupLabels}, {@code commonLabels}, {@code commonAnnotations},
 * {@code externalURL}) are ignored: every alert carries all its labels.
 */
public final class AlertmanagerPayloadReader {

  /** The webhook payload version understood. */
  public static final String VERSION = "4";

  private final ObjectMapper json;
  private final int maxRecordBytes;
  private final int maxReportedRejections;
  private final AlertmanagerAlertMapper mapper;

  /**
   * @param maxRecordBytes largest JSON text of one alert, in bytes
   * @param maxReportedRejections how many rejections are kept with their details (all are counted)
   */
  public AlertmanagerPayloadReader(int maxRecordBytes, int maxReportedRejections) {
    this(maxRecordBytes, maxReportedRejections, RecordLimits.DEFAULTS);
  }

  /**
   * @param maxRecordBytes largest JSON text of one alert, in bytes
   * @param maxReportedRejections how many rejections are kept with their details (all are counted)
   * @param limits the per-record limits (labels per alert)
   */
  public AlertmanagerPayloadReader(
      int maxRecordBytes, int maxReportedRejections, RecordLimits limits) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(PayloadReader.MAX_NESTING_DEPTH)
                    .build())
            .build();
    this.json = new ObjectMapper(factory);
    this.maxRecordBytes = maxRecordBytes;
    this.maxReportedRejections = maxReportedRejections;
    this.mapper = new AlertmanagerAlertMapper(limits);
  }

  /**
   * Reads one webhook body.
   *
   * @throws MalformedPayloadException when the body is not one valid JSON value
   * @throws InvalidPayloadException when the envelope is wrong: not an object, a {@code version}
   *     other than "4", no {@code alerts} array
   */
  public ParsedBatch<Alert> read(byte[] body)
      throws MalformedPayloadException, InvalidPayloadException {
    JsonNode root;
    try {
      root = json.readTree(body);
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
    if (!(root instanceof ObjectNode payload)) {
      throw new InvalidPayloadException(
          null,
          Rejection.Reason.NOT_AN_OBJECT,
          "The body must be one Alertmanager webhook object but is "
              + (root == null || root.isMissingNode() ? "empty" : JsonFields.typeOf(root)));
    }
    JsonNode version = JsonFields.field(payload, "version");
    if (version == null) {
      throw new InvalidPayloadException(
          "version", Rejection.Reason.MISSING_FIELD, "version is required (\"4\")");
    }
    if (!version.isTextual() || !version.textValue().strip().equals(VERSION)) {
      throw new InvalidPayloadException(
          "version",
          Rejection.Reason.INVALID_FIELD,
          "version must be \""
              + VERSION
              + "\" (Alertmanager's webhook payload version) but is "
              + JsonFields.abbreviate(version.toString()));
    }
    JsonNode alerts = JsonFields.field(payload, "alerts");
    if (alerts == null) {
      throw new InvalidPayloadException(
          "alerts", Rejection.Reason.MISSING_FIELD, "alerts is required");
    }
    if (!alerts.isArray()) {
      throw new InvalidPayloadException(
          "alerts",
          Rejection.Reason.INVALID_FIELD,
          "alerts must be an array but is " + JsonFields.typeOf(alerts));
    }
    List<Alert> accepted = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    Map<Rejection.Reason, Integer> byReason = new EnumMap<>(Rejection.Reason.class);
    int rejected = 0;
    for (int index = 0; index < alerts.size(); index++) {
      Rejection rejection = null;
      JsonNode alert = alerts.get(index);
      if (!(alert instanceof ObjectNode record)) {
        rejection =
            new Rejection(
                index,
                null,
                Rejection.Reason.NOT_AN_OBJECT,
                "expected a JSON object but found " + JsonFields.typeOf(alert));
      } else {
        int size = sizeOf(record);
        if (size > maxRecordBytes) {
          rejection =
              new Rejection(
                  index,
                  null,
                  Rejection.Reason.TOO_LARGE,
                  "the record is " + size + " bytes, more than the limit of " + maxRecordBytes);
        } else {
          try {
            accepted.add(mapper.map(record));
          } catch (InvalidRecordException e) {
            rejection = new Rejection(index, e.field(), e.reason(), e.getMessage());
          }
        }
      }
      if (rejection != null) {
        rejected++;
        byReason.merge(rejection.reason(), 1, Integer::sum);
        if (rejections.size() < maxReportedRejections) {
          rejections.add(rejection);
        }
      }
    }
    return new ParsedBatch<>(accepted, rejections, rejected, byReason);
  }

  private int sizeOf(ObjectNode record) {
    try {
      return json.writeValueAsBytes(record).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree could not be written", e);
    }
  }
}
