/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.quell.ingest.intake.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The answers OTLP/HTTP senders understand, in the encoding of their request: an {@code
 * Export*ServiceResponse} (with {@code partial_success} when records were rejected) for a 200, and
 * a {@code google.rpc.Status} for errors.
 */
final class OtlpResponses {

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  /** The OTLP signal of an endpoint, with what OTLP calls its records. */
  enum Signal {
    LOGS("log records"),
    METRICS("data points");

    final String records;

    Signal(String records) {
      this.records = records;
    }
  }

  private OtlpResponses() {}

  /**
   * The body of a 200: an empty response when every record was taken, else {@code partial_success}
   * with the number rejected and what was wrong with the first of them.
   */
  static byte[] success(
      Signal signal, boolean json, int accepted, List<Rejection> rejections, int rejectedCount) {
    String message = rejectedCount == 0 ? "" : summary(signal, accepted, rejections, rejectedCount);
    Message response =
        switch (signal) {
          case LOGS -> {
            ExportLogsServiceResponse.Builder builder = ExportLogsServiceResponse.newBuilder();
            if (rejectedCount > 0) {
              builder.setPartialSuccess(
                  ExportLogsPartialSuccess.newBuilder()
                      .setRejectedLogRecords(rejectedCount)
                      .setErrorMessage(message));
            }
            yield builder.build();
          }
          case METRICS -> {
            ExportMetricsServiceResponse.Builder builder =
                ExportMetricsServiceResponse.newBuilder();
            if (rejectedCount > 0) {
              builder.setPartialSuccess(
                  ExportMetricsPartialSuccess.newBuilder()
                      .setRejectedDataPoints(rejectedCount)
                      .setErrorMessage(message));
            }
            yield builder.build();
          }
        };
    if (!json) {
      return response.toByteArray();
    }
    try {
      return (PRINTER.print(response) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("An OTLP response could not be printed", e);
    }
  }

  /**
   * For people and for the sender's log: how many records were rejected and why the first few were,
   * for example {@code 2 of 5 log records rejected: #1 body: line_too_long (is 70000 bytes...)}.
   */
  static String summary(
      Signal signal, int accepted, List<Rejection> rejections, int rejectedCount) {
    StringBuilder text =
        new StringBuilder()
            .append(rejectedCount)
            .append(" of ")
            .append(accepted + rejectedCount)
            .append(' ')
            .append(signal.records)
            .append(" rejected");
    int shown = Math.min(3, rejections.size());
    for (int i = 0; i < shown; i++) {
      Rejection rejection = rejections.get(i);
      text.append(i == 0 ? ": " : "; ").append('#').append(rejection.index());
      if (rejection.field() != null) {
        text.append(' ').append(rejection.field());
      }
      text.append(": ")
          .append(rejection.reason().label())
          .append(" (")
          .append(rejection.error())
          .append(')');
    }
    if (rejections.size() > shown) {
      text.append("; ...");
    }
    return text.toString();
  }

  /** A {@code google.rpc.Status} {code = 1, message = 2}, encoded by hand (two fields). */
  static byte[] status(int code, String message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + message.length());
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      if (code != 0) {
        out.writeInt32(1, code);
      }
      if (!message.isEmpty()) {
        out.writeString(2, message);
      }
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("Writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** The gRPC status code that goes with an HTTP status, as OTLP/HTTP pairs them. */
  static int grpcCode(int httpStatus) {
    return switch (httpStatus) {
      case HttpStatus.BAD_REQUEST_400 -> 3; // INVALID_ARGUMENT
      case HttpStatus.UNAUTHORIZED_401 -> 16; // UNAUTHENTICATED
      case HttpStatus.NOT_FOUND_404 -> 5; // NOT_FOUND
      case HttpStatus.PAYLOAD_TOO_LARGE_413 -> 8; // RESOURCE_EXHAUSTED
      case HttpStatus.SERVICE_UNAVAILABLE_503 -> 14; // UNAVAILABLE
      case HttpStatus.UNSUPPORTED_MEDIA_TYPE_415 -> 3;
      default -> httpStatus >= 500 ? 13 : 2; // INTERNAL, UNKNOWN
    };
  }
}
