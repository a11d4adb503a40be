/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/** Reads OTLP/HTTP export requests from their protobuf or JSON bodies (already decompressed). */
public final class OtlpRequests {

  private final OtlpJson json = new OtlpJson();

  /**
   * @throws UndecodableBodyException when the body is not such a request
   */
  public ExportLogsServiceRequest logs(byte[] body, boolean isJson)
      throws UndecodableBodyException {
    if (isJson) {
      ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
      json.merge(body, builder);
      return builder.build();
    }
    try {
      return ExportLogsServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw malformed("ExportLogsServiceRequest", e);
    }
  }

  /**
   * @throws UndecodableBodyException when the body is not such a request
   */
  public ExportMetricsServiceRequest metrics(byte[] body, boolean isJson)
      throws UndecodableBodyException {
    if (isJson) {
      ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
      json.merge(body, builder);
      return builder.build();
    }
    try {
      return ExportMetricsServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw malformed("ExportMetricsServiceRequest", e);
    }
  }

  private static UndecodableBodyException malformed(
      String message, InvalidProtocolBufferException e) {
    return new UndecodableBodyException(
        "malformed_protobuf",
        "The body is not an OTLP " + message + " (protobuf): " + e.getMessage());
  }
}
