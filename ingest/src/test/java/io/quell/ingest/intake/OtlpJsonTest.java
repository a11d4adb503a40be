/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {

  private final OtlpRequests requests = new OtlpRequests();

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadHexIdsEnumNumbersStringIntegersAndIgnoreUnknownFields() throws Exception {
    String json =
        """
        {"resourceLogs": [{
          "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "cart"}}]},
          "futureField": {"anything": [1, 2]},
          "scopeLogs": [{"scope": {"name": "app"}, "logRecords": [{
            "timeUnixNano": "1772352000123000000",
            "severityNumber": 17,
            "body": {"stringValue": "boom"},
            "traceId": "4BF92F3577B34DA6A3CE929D0E0E4736",
            "spanId": "00f067aa0ba902b7",
            "attributes": [{"key": "attempt", "value": {"intValue": "3"}}],
            "unknownToThisVersion": true
          }, {"severity_number": "SEVERITY_NUMBER_WARN", "body": {"stringValue": "snake"}}]}]
        }]}
        """;

    ExportLogsServiceRequest request = requests.logs(bytes(json), true);

    LogRecord record = request.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
    assertThat(record.getTimeUnixNano()).isEqualTo(1772352000123000000L);
    assertThat(record.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_ERROR);
    assertThat(HexFormat.of().formatHex(record.getTraceId().toByteArray()))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(HexFormat.of().formatHex(record.getSpanId().toByteArray()))
        .isEqualTo("00f067aa0ba902b7");
    assertThat(record.getAttributes(0).getValue().getIntValue()).isEqualTo(3);
    assertThat(request.getResourceLogs(0).getScopeLogs(0).getLogRecords(1).getSeverityNumber())
        .isEqualTo(SeverityNumber.SEVERITY_NUMBER_WARN);
  }

  @Test
  void shouldReadMetricsJson() throws Exception {
    String json =
        """
        {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"name": "jobs", "sum": {
          "aggregationTemporality": 2, "isMonotonic": true,
          "dataPoints": [{"asInt": "12", "timeUnixNano": 1772352000000000000,
                          "exemplars": [{"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "asDouble": 1}]}]
        }}]}]}]}
        """;

    ExportMetricsServiceRequest request = requests.metrics(bytes(json), true);

    var sum = request.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getSum();
    assertThat(sum.getAggregationTemporality())
        .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    assertThat(sum.getDataPoints(0).getAsInt()).isEqualTo(12);
    assertThat(sum.getDataPoints(0).getExemplars(0).getTraceId().size()).isEqualTo(16);
  }

  @Test
  void shouldRefuseBodiesThatAreNotOtlp() {
    byte[] protobuf =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                io.opentelemetry.proto.logs.v1.ResourceLogs.newBuilder()
                    .addScopeLogs(
                        io.opentelemetry.proto.logs.v1.ScopeLogs.newBuilder()
                            .addLogRecords(LogRecord.newBuilder().setSeverityText("INFO"))))
            .build()
            .toByteArray();
    byte[] truncated = Arrays.copyOf(protobuf, protobuf.length - 2);

    assertCode(() -> requests.logs(truncated, false), "malformed_protobuf");
    assertCode(() -> requests.metrics(bytes("{\"resourceMetrics\": ["), true), "malformed_json");
    assertCode(() -> requests.logs(bytes("[1, 2]"), true), "malformed_otlp");
    assertCode(
        () -> requests.logs(bytes("{\"resourceLogs\": {\"not\": \"an array\"}}"), true),
        "malformed_otlp");
    assertCode(
        () ->
            requests.logs(
                bytes(
                    "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"xyz\"}]}]}]}"),
                true),
        "malformed_otlp");
  }

  private static void assertCode(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
    assertThatThrownBy(call)
        .isInstanceOf(UndecodableBodyException.class)
        .satisfies(e -> assertThat(((UndecodableBodyException) e).code()).isEqualTo(code));
  }
}
