/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.ingest.KafkaTopicReader;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.RecordKeys;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The intake against the real embedded Kafka and schema registry. */
@ExtendWith(QuellStackExtension.class)
class IntakeServerIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Instant EIGHT_AM = Instant.parse("2026-03-01T08:00:00Z");

  private static QuellStack stack;

  /** One intake for tests that only look at answers, not at topic contents. */
  private static Intake shared;

  /** An intake on its own topics. */
  private record Intake(IntakeServer server, Map<String, Object> config, URI uri)
      implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  private static Intake startIntake(String name, Map<String, Object> extra) {
    Map<String, Object> config = QuellTestTopics.create(stack, name).config();
    config.put("quell.ingest.port", 0);
    config.putAll(extra);
    IntakeServer server = new IntakeServer(config);
    server.start();
    return new Intake(server, config, server.uri());
  }

  @BeforeAll
  static void startSharedIntake(QuellStack theStack) {
    stack = theStack;
    shared = startIntake("intake-shared", Map.of("quell.ingest.max-body-bytes", 4096));
  }

  @AfterAll
  static void stopSharedIntake() {
    if (shared != null) {
      shared.close();
    }
  }

  private static HttpResponse<String> post(URI base, String path, String type, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI base, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  private static String log(String service, String message) {
    return "{\"timestamp\":\"2026-03-01T08:00:00Z\",\"service\":\""
        + service
        + "\",\"host\":\"h1\",\"level\":\"error\",\"message\":\""
        + message
        + "\",\"attributes\":{\"trace\":\"t-1\"}}";
  }

  @Test
  void shouldPublishLogsKeyedByServiceAndAnswerOnlyAfterKafkaAcknowledged() throws Exception {
    try (Intake intake = startIntake("intake-logs", Map.of())) {
      String body =
          "["
              + log("checkout", "one")
              + ","
              + log("cart", "two")
              + ","
              + log("checkout", "three")
              + "]";

      HttpResponse<String> response = post(intake.uri(), "/api/v1/logs", "application/json", body);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response)).isEqualTo(JSON.readTree("{\"accepted\":3}"));
      List<ConsumerRecord<String, LogEvent>> records =
          KafkaTopicReader.read(intake.config(), QuellTopic.LOGS, 3);
      assertThat(records).hasSize(3);
      assertThat(records)
          .extracting(ConsumerRecord::key, r -> r.value().getMessage())
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("checkout", "one"),
              org.assertj.core.groups.Tuple.tuple("cart", "two"),
              org.assertj.core.groups.Tuple.tuple("checkout", "three"));
      LogEvent first =
          records.stream()
              .filter(r -> r.value().getMessage().equals("one"))
              .findFirst()
              .orElseThrow()
              .value();
      assertThat(first)
          .isEqualTo(
              LogEvent.newBuilder()
                  .setTimestamp(EIGHT_AM)
                  .setService("checkout")
                  .setHost("h1")
                  .setLevel(LogLevel.ERROR)
                  .setMessage("one")
                  .setAttributes(Map.of("trace", "t-1"))
                  .build());
    }
  }

  @Test
  void shouldPublishNdjsonMetricsKeyedBySeriesId() throws Exception {
    try (Intake intake = startIntake("intake-metrics", Map.of())) {
      String body =
          "{\"timestamp\":1772352000000,\"name\":\"http_requests_total\",\"labels\":{\"service\":\"cart\",\"code\":\"500\"},\"value\":7}\n"
              + "{\"timestamp\":\"2026-03-01T08:00:10Z\",\"name\":\"up\",\"value\":1.5}\n";

      HttpResponse<String> response =
          post(intake.uri(), "/api/v1/metrics", "application/x-ndjson", body);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).get("accepted").asInt()).isEqualTo(2);
      List<ConsumerRecord<String, MetricPoint>> records =
          KafkaTopicReader.read(intake.config(), QuellTopic.METRICS, 2);
      assertThat(records).hasSize(2);
      MetricPoint requests =
          MetricPoint.newBuilder()
              .setTimestamp(EIGHT_AM)
              .setName("http_requests_total")
              .setLabels(Map.of("service", "cart", "code", "500"))
              .setValue(7)
              .build();
      MetricPoint up =
          MetricPoint.newBuilder()
              .setTimestamp(EIGHT_AM.plusSeconds(10))
              .setName("up")
              .setLabels(Map.of())
              .setValue(1.5)
              .build();
      assertThat(records)
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "http_requests_total{code=\"500\",service=\"cart\"}", requests),
              org.assertj.core.groups.Tuple.tuple(RecordKeys.seriesId(up), up));
    }
  }

  @Test
  void shouldTakeTheGoodRecordsOfAMixedBatchAndAnswer207NamingTheBadOnes() throws Exception {
    try (Intake intake = startIntake("intake-mixed", Map.of())) {
      String body =
          "["
              + log("checkout", "good-0")
              + ",{\"timestamp\":\"soon\",\"service\":\"cart\",\"message\":\"bad-1\"},"
              + log("checkout", "good-2")
              + ",\"not an object\""
              + ",{\"timestamp\":1,\"message\":\"bad-4\"}]";

      HttpResponse<String> response = post(intake.uri(), "/api/v1/logs", "application/json", body);

      assertThat(response.statusCode()).isEqualTo(207);
      assertThat(json(response))
          .isEqualTo(
              JSON.readTree(
                  """
                  {"accepted":2,"rejectedCount":3,"rejected":[
                    {"index":1,"field":"timestamp","reason":"invalid_field",
                     "error":"'soon' is neither an ISO-8601 time with a zone offset (2026-03-01T08:00:00Z) nor epoch milliseconds"},
                    {"index":3,"field":null,"reason":"not_an_object",
                     "error":"expected a JSON object but found a string"},
                    {"index":4,"field":"service","reason":"missing_field","error":"is required"}]}
                  """));
      List<ConsumerRecord<String, LogEvent>> records =
          KafkaTopicReader.read(
              intake.config(), QuellTopic.LOGS, 2, Duration.ofSeconds(30), Duration.ofSeconds(1));
      assertThat(records)
          .extracting(r -> r.value().getMessage())
          .containsExactlyInAnyOrder("good-0", "good-2");
    }
  }

  @Test
  void shouldAnswer400NamingEveryRecordWhenNoneIsValid() throws Exception {
    HttpResponse<String> response =
        post(
            shared.uri(),
            "/api/v1/metrics",
            "application/json",
            "[{\"timestamp\":1,\"name\":\"up\",\"value\":\"high\"},{\"timestamp\":1,\"name\":\"bad-name\",\"value\":1}]");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode answer = json(response);
    assertThat(answer.get("accepted").asInt()).isZero();
    assertThat(answer.get("rejected"))
        .extracting(node -> node.get("index").asInt() + ":" + node.get("field").asText())
        .containsExactly("0:value", "1:name");
  }

  @Test
  void shouldAnswer400WithTheParsersPositionForMalformedJson() throws Exception {
    HttpResponse<String> response =
        post(shared.uri(), "/api/v1/logs", "application/json", "[{\"service\":\n \"a\",, }]");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode answer = json(response);
    assertThat(answer.get("error").asText()).isEqualTo("malformed_json");
    assertThat(answer.get("line").asInt()).isEqualTo(2);
    assertThat(answer.get("column").asInt()).isEqualTo(6);
    assertThat(answer.get("message").asText()).contains("Unexpected character (','");
  }

  @Test
  void shouldAnswer400ForABodyWithoutRecords() throws Exception {
    HttpResponse<String> response = post(shared.uri(), "/api/v1/logs", "application/json", "[]");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo("no_records");
  }

  @Test
  void shouldAnswer413ForABodyOverTheLimit() throws Exception {
    String large = "[" + (log("a", "x") + ",").repeat(100) + log("a", "x") + "]";

    HttpResponse<String> declared = post(shared.uri(), "/api/v1/logs", "application/json", large);
    HttpResponse<String> chunked =
        HTTP.send(
            HttpRequest.newBuilder(shared.uri().resolve("/api/v1/logs"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(large.getBytes())))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> response : List.of(declared, chunked)) {
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(json(response).get("error").asText()).isEqualTo("payload_too_large");
      assertThat(json(response).get("message").asText()).contains("4096 bytes");
    }
  }

  @Test
  void shouldAnswer415ForAnUnsupportedContentTypeOrEncoding() throws Exception {
    HttpResponse<String> form =
        post(shared.uri(), "/api/v1/logs", "application/x-www-form-urlencoded", log("a", "m"));
    HttpResponse<String> none = post(shared.uri(), "/api/v1/metrics", null, log("a", "m"));
    HttpResponse<String> gzip =
        HTTP.send(
            HttpRequest.newBuilder(shared.uri().resolve("/api/v1/logs"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(log("a", "m")))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> response : List.of(form, none, gzip)) {
      assertThat(response.statusCode()).isEqualTo(415);
      assertThat(json(response).get("error").asText()).isEqualTo("unsupported_media_type");
    }
    assertThat(json(gzip).get("message").asText()).contains("gzip");
  }

  @Test
  void shouldAnswer404WithJsonForAnUnknownPath() throws Exception {
    HttpResponse<String> response = get(shared.uri(), "/api/v2/logs");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error").asText()).isEqualTo("not_found");
    assertThat(json(response).get("message").asText())
        .contains(
            "/api/v2/logs", "/api/v1/logs", "/api/v1/prometheus/write", "/v1/logs", "/v1/metrics");
  }

  @Test
  void shouldAnswer405WithTheAllowedMethods() throws Exception {
    HttpResponse<String> getLogs = get(shared.uri(), "/api/v1/logs");
    HttpResponse<String> postMetrics = post(shared.uri(), "/metrics", "application/json", "{}");

    assertThat(getLogs.statusCode()).isEqualTo(405);
    assertThat(getLogs.headers().firstValue("Allow")).contains("POST");
    assertThat(json(getLogs).get("error").asText()).isEqualTo("method_not_allowed");
    assertThat(postMetrics.statusCode()).isEqualTo(405);
    assertThat(postMetrics.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @Test
  void shouldAnswerHealthyAndReadyWhenKafkaIsReachable() throws Exception {
    HttpResponse<String> health = get(shared.uri(), "/healthz");
    HttpResponse<String> ready = get(shared.uri(), "/readyz");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("alive");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).get("status").asText()).isEqualTo("ready");
  }

  @Test
  void shouldCountRequestsRecordsAndBytesInPrometheusMetrics() throws Exception {
    String before = get(shared.uri(), "/metrics").body();
    String body = "[" + log("metrics-test", "m") + ",{\"timestamp\":1}]";

    assertThat(post(shared.uri(), "/api/v1/logs", "application/json", body).statusCode())
        .isEqualTo(207);
    HttpResponse<String> scrape = get(shared.uri(), "/metrics");

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    String after = scrape.body();
    String accepted = "quell_ingest_records_accepted_total{endpoint=\"logs\"}";
    String rejected =
        "quell_ingest_records_rejected_total{endpoint=\"logs\",reason=\"missing_field\"}";
    String requests = "quell_ingest_requests_total{code=\"207\",endpoint=\"logs\"}";
    String bytes = "quell_ingest_request_body_bytes_total{endpoint=\"logs\"}";
    assertThat(value(after, accepted) - value(before, accepted)).isEqualTo(1);
    assertThat(value(after, rejected) - value(before, rejected)).isEqualTo(1);
    assertThat(value(after, requests) - value(before, requests)).isEqualTo(1);
    assertThat(value(after, bytes) - value(before, bytes)).isEqualTo(body.length());
    assertThat(after)
        .contains("quell_ingest_request_duration_seconds_bucket{endpoint=\"logs\",le=\"0.1\"}")
        .contains("quell_ingest_kafka_ready")
        .contains("jvm_memory_used_bytes");
  }

  /** The value of {@code series} in a scrape, 0 when it is absent. */
  private static double value(String scrape, String series) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }

  @Test
  void shouldAnswer503WithRetryAfterWithinSecondsWhenKafkaIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (Intake intake =
        startIntake(
            "intake-down",
            Map.of(
                "bootstrap.servers",
                "127.0.0.1:" + closedPort,
                "quell.ingest.retry-after.ms",
                "7000",
                "quell.ingest.readiness-timeout.ms",
                "1000"))) {
      long started = System.nanoTime();
      HttpResponse<String> response =
          post(intake.uri(), "/api/v1/logs", "application/json", log("checkout", "lost?"));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(took).isLessThan(Duration.ofSeconds(6));
      assertThat(response.headers().firstValue("Retry-After")).contains("7");
      JsonNode answer = json(response);
      assertThat(answer.get("error").asText()).isEqualTo("unavailable");
      assertThat(answer.get("reason").asText()).isEqualTo("kafka_timeout");
      assertThat(answer.get("retryAfterSeconds").asInt()).isEqualTo(7);

      assertThat(get(intake.uri(), "/readyz").statusCode()).isEqualTo(503);
      assertThat(get(intake.uri(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(intake.uri(), "/metrics").body())
          .contains(
              "quell_ingest_kafka_errors_total{endpoint=\"logs\",reason=\"kafka_timeout\"} 1.0")
          .contains("quell_ingest_kafka_ready 0.0");
    }
  }

  @Test
  void shouldFinishRequestsInFlightWhenClosed() throws Exception {
    // A long linger keeps the records in the producer while the intake is asked to close.
    Intake intake = startIntake("intake-close", Map.of("quell.ingest.kafka.linger.ms", "1500"));
    CompletableFuture<HttpResponse<String>> inFlight =
        HTTP.sendAsync(
            HttpRequest.newBuilder(intake.uri().resolve("/api/v1/logs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(log("checkout", "in-flight")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Thread.sleep(500);

    intake.close();

    assertThat(inFlight.get().statusCode()).isEqualTo(200);
    assertThat(KafkaTopicReader.read(intake.config(), QuellTopic.LOGS, 1))
        .extracting(r -> r.value().getMessage())
        .containsExactly("in-flight");
  }

  /** A webhook as Alertmanager 0.27 sends it to a receiver: one group, a firing and a resolved. */
  private static final String ALERTMANAGER_WEBHOOK =
      """
      {
        "receiver": "quell",
        "status": "firing",
        "alerts": [
          {
            "status": "firing",
            "labels": {"alertname": "HighRequestLatency", "env": "prod", "instance": "10.0.3.17:8080",
                       "job": "checkout", "service": "checkout-api", "severity": "critical"},
            "annotations": {"summary": "checkout-api p99 latency above 2s",
                            "runbook_url": "https://runbooks.example.com/high-latency"},
            "startsAt": "2026-03-01T08:06:30.123456789Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus:9090/graph?g0.expr=histogram_quantile%280.99%29",
            "fingerprint": "7b3f1d2e9a8c6b54"
          },
          {
            "status": "resolved",
            "labels": {"alertname": "HighRequestLatency", "env": "prod", "instance": "10.0.3.18:8080",
                       "job": "cart", "severity": "warning"},
            "annotations": {"summary": "cart p99 latency above 1s"},
            "startsAt": "2026-03-01T08:02:00Z",
            "endsAt": "2026-03-01T08:09:00Z",
            "generatorURL": "http://prometheus:9090/graph?g0.expr=histogram_quantile%280.99%29",
            "fingerprint": "e01c55a9b4d7f236"
          }
        ],
        "groupLabels": {"alertname": "HighRequestLatency"},
        "commonLabels": {"alertname": "HighRequestLatency", "env": "prod"},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "version": "4",
        "groupKey": "{}/{env=\\"prod\\"}:{alertname=\\"HighRequestLatency\\"}",
        "truncatedAlerts": 0
      }
      """;

  @Test
  void shouldPublishAlertmanagerAlertsKeyedByFingerprintBehindABearerToken() throws Exception {
    try (Intake intake =
        startIntake("intake-alertmanager", Map.of("quell.ingest.auth.tokens", "am-token"))) {
      HttpResponse<String> refused =
          post(intake.uri(), "/api/v1/alertmanager", "application/json", ALERTMANAGER_WEBHOOK);
      assertThat(refused.statusCode()).isEqualTo(401);

      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(intake.uri().resolve("/api/v1/alertmanager"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer am-token")
                  .POST(HttpRequest.BodyPublishers.ofString(ALERTMANAGER_WEBHOOK))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response)).isEqualTo(JSON.readTree("{\"accepted\":2}"));
      List<ConsumerRecord<String, Alert>> records =
          KafkaTopicReader.read(intake.config(), QuellTopic.ALERTS, 2);
      assertThat(records)
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder("7b3f1d2e9a8c6b54", "e01c55a9b4d7f236");
      Alert firing =
          records.stream()
              .filter(r -> r.key().equals("7b3f1d2e9a8c6b54"))
              .findFirst()
              .orElseThrow()
              .value();
      assertThat(firing.getName()).isEqualTo("HighRequestLatency");
      assertThat(firing.getSource()).isEqualTo("alertmanager");
      assertThat(firing.getStatus()).isEqualTo(AlertStatus.FIRING);
      assertThat(firing.getSeverity()).isEqualTo(Severity.CRITICAL);
      assertThat(firing.getService()).isEqualTo("checkout-api");
      assertThat(firing.getStartsAt()).isEqualTo(Instant.parse("2026-03-01T08:06:30.123Z"));
      assertThat(firing.getEndsAt()).isNull();
      assertThat(firing.getAnnotations())
          .containsEntry("runbook_url", "https://runbooks.example.com/high-latency");
      Alert resolved =
          records.stream()
              .filter(r -> r.key().equals("e01c55a9b4d7f236"))
              .findFirst()
              .orElseThrow()
              .value();
      assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(resolved.getSeverity()).isEqualTo(Severity.WARNING);
      assertThat(resolved.getService()).isEqualTo("cart");
      assertThat(resolved.getEndsAt()).isEqualTo(Instant.parse("2026-03-01T08:09:00Z"));
    }
  }
}
