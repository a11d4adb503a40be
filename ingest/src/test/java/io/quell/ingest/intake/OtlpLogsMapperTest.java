/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpLogsMapperTest {

  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
  private static final long T0_NANOS =
      Instant.parse("2026-03-01T08:00:00.123456Z").toEpochMilli() * 1_000_000 + 456;

  private final OtlpLogsMapper mapper =
      new OtlpLogsMapper(new RecordLimits(64, 32), 10, Clock.fixed(NOW, ZoneOffset.UTC));

  static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static KeyValue attribute(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static ExportLogsServiceRequest request(List<KeyValue> resource, LogRecord... records) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resource))
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(records))))
        .build();
  }

  private static LogRecord.Builder record(String body) {
    return LogRecord.newBuilder()
        .setTimeUnixNano(T0_NANOS)
        .setBody(AnyValue.newBuilder().setStringValue(body));
  }

  @Test
  void shouldMapServiceHostLevelMessageAttributesAndTime() {
    byte[] traceId = HexFormat.of().parseHex("4bf92f3577b34da6a3ce929d0e0e4736");
    byte[] spanId = HexFormat.of().parseHex("00f067aa0ba902b7");
    ExportLogsServiceRequest request =
        request(
            List.of(
                attribute("service.name", "checkout"),
                attribute("host.name", "checkout-7f9c"),
                attribute("deployment.environment", "prod")),
            record("payment timed out")
                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR2)
                .setSeverityText("whatever")
                .addAttributes(attribute("attempt", AnyValue.newBuilder().setIntValue(2).build()))
                .addAttributes(attribute("deployment.environment", "canary"))
                .setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(spanId))
                .build());

    ParsedBatch<LogEvent> batch = mapper.map(request);

    assertThat(batch.accepted())
        .containsExactly(
            LogEvent.newBuilder()
                .setTimestamp(Instant.parse("2026-03-01T08:00:00.123Z"))
                .setService("checkout")
                .setHost("checkout-7f9c")
                .setLevel(LogLevel.ERROR)
                .setMessage("payment timed out")
                .setAttributes(
                    Map.of(
                        "service.name", "checkout",
                        "host.name", "checkout-7f9c",
                        "deployment.environment", "canary",
                        "attempt", "2",
                        "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736",
                        "span_id", "00f067aa0ba902b7"))
                .build());
  }

  @Test
  void shouldTakeTheLevelFromTheSeverityNumberElseItsText() {
    ExportLogsServiceRequest request =
        request(
            List.of(attribute("service.name", "a")),
            record("1").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_TRACE4).build(),
            record("2").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_DEBUG).build(),
            record("3").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO3).build(),
            record("4").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN).build(),
            record("5").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_FATAL4).build(),
            record("6").setSeverityText("Warning").build(),
            record("7").setSeverityText("critical").build(),
            record("8").setSeverityText("notice").build(),
            record("9").setSeverityNumberValue(99).build());

    assertThat(mapper.map(request).accepted())
        .extracting(LogEvent::getLevel)
        .containsExactly(
            LogLevel.TRACE,
            LogLevel.DEBUG,
            LogLevel.INFO,
            LogLevel.WARN,
            LogLevel.FATAL,
            LogLevel.WARN,
            LogLevel.FATAL,
            LogLevel.INFO,
            LogLevel.INFO);
  }

  @Test
  void shouldStringifyStructuredBodiesAndFallBackForServiceAndTime() {
    AnyValue structured =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(attribute("event", "login"))
                    .addValues(
                        attribute(
                            "ids",
                            AnyValue.newBuilder()
                                .setArrayValue(
                                    ArrayValue.newBuilder()
                                        .addValues(AnyValue.newBuilder().setIntValue(1))
                                        .addValues(AnyValue.newBuilder().setBoolValue(true)))
                                .build())))
            .build();
    ExportLogsServiceRequest request =
        request(
            List.of(),
            LogRecord.newBuilder().setBody(structured).setObservedTimeUnixNano(T0_NANOS).build(),
            LogRecord.newBuilder().build());

    List<LogEvent> events = mapper.map(request).accepted();

    assertThat(events).extracting(LogEvent::getService).containsOnly("unknown_service");
    assertThat(events.get(0).getMessage()).isEqualTo("{\"event\":\"login\",\"ids\":[1,true]}");
    assertThat(events.get(0).getTimestamp()).isEqualTo(Instant.parse("2026-03-01T08:00:00.123Z"));
    assertThat(events.get(1).getMessage()).isEmpty();
    assertThat(events.get(1).getTimestamp()).isEqualTo(NOW);
    assertThat(events.get(1).getHost()).isNull();
  }

  @Test
  void shouldRejectAnOverLongLineAndKeepTheOthers() {
    ExportLogsServiceRequest request =
        request(
            List.of(attribute("service.name", "a")),
            record("short").build(),
            record("x".repeat(33)).build(),
            record("é".repeat(16)).build(),
            record("é".repeat(17)).build());

    ParsedBatch<LogEvent> batch = mapper.map(request);

    assertThat(batch.accepted())
        .extracting(LogEvent::getMessage)
        .containsExactly("short", "é".repeat(16));
    assertThat(batch.rejections())
        .extracting(Rejection::index, Rejection::field, Rejection::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "body", Rejection.Reason.LINE_TOO_LONG),
            org.assertj.core.groups.Tuple.tuple(3, "body", Rejection.Reason.LINE_TOO_LONG));
    assertThat(batch.rejections().get(1).error()).contains("34 bytes", "limit of 32");
  }

  @Test
  void shouldRejectARecordWhoseAttributesOutgrowTheRecordLimit() {
    OtlpLogsMapper small =
        new OtlpLogsMapper(RecordLimits.DEFAULTS, 10, Clock.fixed(NOW, ZoneOffset.UTC), 100);
    ExportLogsServiceRequest request =
        request(
            List.of(attribute("service.name", "a")),
            record("fine").build(),
            record("fine")
                .addAttributes(attribute("stack", "at x.y(Z.java:1)\n".repeat(10)))
                .build());

    ParsedBatch<LogEvent> batch = small.map(request);

    assertThat(batch.accepted()).hasSize(1);
    assertThat(batch.rejectedByReason()).isEqualTo(Map.of(Rejection.Reason.TOO_LARGE, 1));
  }
}
