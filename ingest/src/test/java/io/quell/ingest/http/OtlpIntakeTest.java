/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.quell.ingest.KafkaTopicReader;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OTLP/HTTP {@code /v1/logs} and {@code /v1/metrics}: the OpenTelemetry Java SDK's own exporters
 * (protobuf, plain and gzipped) and hand-written OTLP/JSON, against the real embedded Kafka.
 */
@ExtendWith(QuellStackExtension.class)
class OtlpIntakeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00.250Z");
  private static final String TOKEN = "otel-token";

  private static QuellStack stack;

  /** For answers only: small limits to trip. */
  private static IntakeServer shared;

  @BeforeAll
  static void startSharedIntake(QuellStack theStack) {
    stack = theStack;
    shared =
        start(
                "otlp-shared",
                Map.of(
                    "quell.ingest.max-line-bytes", 64,
                    "quell.ingest.max-labels-per-series", 3))
            .server();
  }

  @AfterAll
  static void stopSharedIntake() {
    if (shared != null) {
      shared.close();
    }
  }

  private record Intake(IntakeServer server, Map<String, Object> config) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  private static Intake start(String name, Map<String, Object> extra) {
    Map<String, Object> config = QuellTestTopics.create(stack, name).config();
    config.put("quell.ingest.port", 0);
    config.put("quell.ingest.auth.tokens", TOKEN);
    config.putAll(extra);
    IntakeServer server = new IntakeServer(config);
    server.start();
    return new Intake(server, config);
  }

  private static final Resource RESOURCE =
      Resource.create(
          Attributes.of(
              stringKey("service.name"), "checkout",
              stringKey("host.name"), "checkout-7f9c",
              stringKey("service.instance.id"), "checkout-1"));

  /** Sends logs and metrics through the SDK's OTLP/HTTP exporters, protobuf, maybe gzipped. */
  private static void sendWithTheSdk(URI intake, String compression, String message)
      throws Exception {
    OtlpHttpLogRecordExporter logExporter =
        OtlpHttpLogRecordExporter.builder()
            .setEndpoint(intake.resolve("/v1/logs").toString())
            .addHeader("Authorization", "Bearer " + TOKEN)
            .setCompression(compression)
            .build();
    try (SdkLoggerProvider logs =
        SdkLoggerProvider.builder()
            .setResource(RESOURCE)
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter))
            .build()) {
      logs.get("io.quell.test")
          .logRecordBuilder()
          .setTimestamp(T0)
          .setSeverity(Severity.ERROR)
          .setSeverityText("ERROR")
          .setBody(message)
          .setAttribute(stringKey("order.id"), "17")
          .emit();
      CompletableResultCode flushed = logs.forceFlush().join(20, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).as("log export succeeded").isTrue();
    }

    OtlpHttpMetricExporter metricExporter =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(intake.resolve("/v1/metrics").toString())
            .addHeader("Authorization", "Bearer " + TOKEN)
            .setCompression(compression)
            .build();
    try (SdkMeterProvider meters =
        SdkMeterProvider.builder()
            .setResource(RESOURCE)
            .registerMetricReader(
                PeriodicMetricReader.builder(metricExporter)
                    .setInterval(Duration.ofHours(1))
                    .build())
            .build()) {
      Meter meter = meters.get("io.quell.test");
      LongCounter orders = meter.counterBuilder("orders.placed").build();
      orders.add(5, Attributes.of(stringKey("region"), "eu"));
      meter.gaugeBuilder("queue.depth").buildWithCallback(gauge -> gauge.record(12.5));
      DoubleHistogram latency = meter.histogramBuilder("http.server.request.duration").build();
      latency.record(0.25);
      latency.record(0.75);
      CompletableResultCode flushed = meters.forceFlush().join(20, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).as("metric export succeeded").isTrue();
    }
  }

  private static void assertSdkRecords(Map<String, Object> config, String message) {
    List<ConsumerRecord<String, LogEvent>> logs = KafkaTopicReader.read(config, QuellTopic.LOGS, 1);
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).key()).isEqualTo("checkout");
    LogEvent log = logs.get(0).value();
    assertThat(log.getTimestamp()).isEqualTo(T0);
    assertThat(log.getService()).isEqualTo("checkout");
    assertThat(log.getHost()).isEqualTo("checkout-7f9c");
    assertThat(log.getLevel()).isEqualTo(LogLevel.ERROR);
    assertThat(log.getMessage()).isEqualTo(message);
    assertThat(log.getAttributes())
        .containsEntry("order.id", "17")
        .containsEntry("service.name", "checkout");

    // The SDK exports on forceFlush and again when it closes, with metrics of its own besides.
    List<ConsumerRecord<String, MetricPoint>> metrics =
        KafkaTopicReader.read(config, QuellTopic.METRICS, 8);
    Map<String, String> resource = Map.of("service", "checkout", "instance", "checkout-1");
    assertThat(metrics)
        .filteredOn(r -> !r.value().getName().startsWith("otel_sdk_"))
        .extracting(r -> r.value().getName(), r -> r.value().getLabels(), r -> r.value().getValue())
        .containsOnly(
            org.assertj.core.groups.Tuple.tuple(
                "orders_placed",
                Map.of("service", "checkout", "instance", "checkout-1", "region", "eu"),
                5.0),
            org.assertj.core.groups.Tuple.tuple("queue_depth", resource, 12.5),
            org.assertj.core.groups.Tuple.tuple(
                "http_server_request_duration_count", resource, 2.0),
            org.assertj.core.groups.Tuple.tuple("http_server_request_duration_sum", resource, 1.0));
    assertThat(metrics)
        .extracting(ConsumerRecord::key)
        .contains("queue_depth{instance=\"checkout-1\",service=\"checkout\"}");
  }

  @Test
  void shouldPublishLogsAndMetricsSentByTheOpenTelemetrySdk() throws Exception {
    try (Intake intake = start("otlp-sdk", Map.of())) {
      sendWithTheSdk(intake.server().uri(), "none", "payment provider timed out");

      assertSdkRecords(intake.config(), "payment provider timed out");
    }
  }

  @Test
  void shouldAcceptGzippedExportsFromTheOpenTelemetrySdk() throws Exception {
    try (Intake intake = start("otlp-sdk-gzip", Map.of())) {
      String message = "retrying ".repeat(2000);

      sendWithTheSdk(intake.server().uri(), "gzip", message);

      assertSdkRecords(intake.config(), message);
      String scrape = RemoteWriteIntakeTest.get(intake.server().uri(), "/metrics");
      // The 18 000-character message crossed the wire compressed.
      assertThat(
              RemoteWriteIntakeTest.value(
                  scrape, "quell_ingest_request_body_bytes_total{endpoint=\"otlp_logs\"}"))
          .isBetween(1.0, 2000.0);
    }
  }

  private static HttpResponse<byte[]> post(URI base, String path, String type, byte[] body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", type)
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  @Test
  void shouldPublishHandWrittenOtlpJson() throws Exception {
    String logs =
        """
        {"resourceLogs": [{
          "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "cart"}}]},
          "scopeLogs": [{"scope": {"name": "shop"}, "logRecords": [{
            "timeUnixNano": "1772352000250000000",
            "severityNumber": 13,
            "severityText": "WARN",
            "body": {"stringValue": "cart 812 is slow"},
            "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
            "spanId": "00f067aa0ba902b7",
            "attributes": [{"key": "cart.id", "value": {"intValue": "812"}}]
          }]}]
        }]}
        """;
    String metrics =
        """
        {"resourceMetrics": [{
          "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "cart"}}]},
          "scopeMetrics": [{"metrics": [{"name": "cart.items", "gauge": {"dataPoints": [
            {"asDouble": 3, "timeUnixNano": "1772352000250000000",
             "attributes": [{"key": "tier", "value": {"stringValue": "gold"}}]}]}}]}]
        }]}
        """;
    try (Intake intake = start("otlp-json", Map.of())) {
      HttpResponse<byte[]> logsResponse =
          post(
              intake.server().uri(),
              "/v1/logs",
              "application/json",
              logs.getBytes(StandardCharsets.UTF_8));
      HttpResponse<byte[]> metricsResponse =
          post(
              intake.server().uri(),
              "/v1/metrics",
              "application/json; charset=utf-8",
              metrics.getBytes(StandardCharsets.UTF_8));

      assertThat(logsResponse.statusCode()).isEqualTo(200);
      assertThat(json(logsResponse)).isEqualTo(JSON.readTree("{}"));
      assertThat(metricsResponse.statusCode()).isEqualTo(200);
      LogEvent log = KafkaTopicReader.read(intake.config(), QuellTopic.LOGS, 1).get(0).value();
      assertThat(log.getTimestamp()).isEqualTo(T0);
      assertThat(log.getLevel()).isEqualTo(LogLevel.WARN);
      assertThat(log.getMessage()).isEqualTo("cart 812 is slow");
      assertThat(log.getAttributes())
          .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
          .containsEntry("span_id", "00f067aa0ba902b7")
          .containsEntry("cart.id", "812");
      MetricPoint point =
          KafkaTopicReader.read(intake.config(), QuellTopic.METRICS, 1).get(0).value();
      assertThat(point)
          .isEqualTo(
              MetricPoint.newBuilder()
                  .setTimestamp(T0)
                  .setName("cart_items")
                  .setLabels(Map.of("service", "cart", "tier", "gold"))
                  .setValue(3)
                  .build());
    }
  }

  private static LogRecord.Builder logRecord(String body) {
    return LogRecord.newBuilder()
        .setTimeUnixNano(T0.toEpochMilli() * 1_000_000)
        .setBody(AnyValue.newBuilder().setStringValue(body));
  }

  @Test
  void shouldAnswerPartialSuccessInTheEncodingOfTheRequest() throws Exception {
    byte[] protobuf =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(logRecord("fits"))
                            .addLogRecords(logRecord("x".repeat(65)))))
            .build()
            .toByteArray();
    String json =
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
            + "{\"body\":{\"stringValue\":\"fits\"}},"
            + "{\"body\":{\"stringValue\":\""
            + "y".repeat(70)
            + "\"}}]}]}]}";

    HttpResponse<byte[]> binary =
        post(shared.uri(), "/v1/logs", "application/x-protobuf", protobuf);
    HttpResponse<byte[]> text =
        post(shared.uri(), "/v1/logs", "application/json", json.getBytes(StandardCharsets.UTF_8));

    assertThat(binary.statusCode()).isEqualTo(200);
    assertThat(binary.headers().firstValue("Content-Type")).contains("application/x-protobuf");
    ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(binary.body());
    assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .contains("1 of 2 log records rejected", "#1 body: line_too_long", "65 bytes");
    assertThat(text.statusCode()).isEqualTo(200);
    JsonNode partial = json(text).get("partialSuccess");
    assertThat(partial.get("rejectedLogRecords").asLong()).isEqualTo(1);
    assertThat(partial.get("errorMessage").asText()).contains("line_too_long");
  }

  @Test
  void shouldAnswer400WithAStatusWhenNothingCanBeTaken() throws Exception {
    byte[] tooLong =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(logRecord("z".repeat(99)))))
            .build()
            .toByteArray();
    HttpResponse<byte[]> garbage =
        post(shared.uri(), "/v1/metrics", "application/x-protobuf", "\u0000garbage".getBytes());
    HttpResponse<byte[]> invalid =
        post(shared.uri(), "/v1/logs", "application/x-protobuf", tooLong);
    HttpResponse<byte[]> badJson =
        post(shared.uri(), "/v1/logs", "application/json", "{\"resourceLogs\": [".getBytes());

    for (HttpResponse<byte[]> response : List.of(garbage, invalid)) {
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/x-protobuf");
      // google.rpc.Status: code = 1 (INVALID_ARGUMENT is 3), message = 2.
      UnknownFieldSet status = UnknownFieldSet.parseFrom(response.body());
      assertThat(status.getField(1).getVarintList()).containsExactly(3L);
      assertThat(status.getField(2).getLengthDelimitedList())
          .extracting(ByteString::toStringUtf8)
          .singleElement()
          .asString()
          .isNotBlank();
    }
    assertThat(UnknownFieldSet.parseFrom(garbage.body()).getField(2).getLengthDelimitedList())
        .extracting(ByteString::toStringUtf8)
        .singleElement()
        .asString()
        .contains("ExportMetricsServiceRequest");
    assertThat(badJson.statusCode()).isEqualTo(400);
    JsonNode answer = json(badJson);
    assertThat(answer.get("code").asInt()).isEqualTo(3);
    assertThat(answer.get("error").asText()).isEqualTo("malformed_json");
  }

  @Test
  void shouldAnswer415ForOtherContentTypesOrEncodings() throws Exception {
    HttpResponse<byte[]> text = post(shared.uri(), "/v1/logs", "text/plain", "hello".getBytes());
    HttpResponse<byte[]> brotli =
        HTTP.send(
            HttpRequest.newBuilder(shared.uri().resolve("/v1/metrics"))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "br")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(json(text).get("message").asText()).contains("application/x-protobuf");
    assertThat(brotli.statusCode()).isEqualTo(415);
  }
}
