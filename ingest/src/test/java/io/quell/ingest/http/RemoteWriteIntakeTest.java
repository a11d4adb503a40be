/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import static io.quell.ingest.intake.RemoteWriteMessages.series;
import static io.quell.ingest.intake.RemoteWriteMessages.snappy;
import static io.quell.ingest.intake.RemoteWriteMessages.writeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.ingest.KafkaTopicReader;
import io.quell.ingest.intake.RemoteWriteMessages;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /api/v1/prometheus/write} against the real embedded Kafka and schema registry. */
@ExtendWith(QuellStackExtension.class)
class RemoteWriteIntakeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final long T0 = Instant.parse("2026-03-01T08:00:00Z").toEpochMilli();
  private static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);
  private static final String PATH = "/api/v1/prometheus/write";

  private static QuellStack stack;
  private static IntakeServer shared;

  @BeforeAll
  static void startSharedIntake(QuellStack theStack) {
    stack = theStack;
    shared = start("remote-write-shared", Map.of("quell.ingest.max-body-bytes", 4096)).server();
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
    config.putAll(extra);
    IntakeServer server = new IntakeServer(config);
    server.start();
    return new Intake(server, config);
  }

  /** Posts {@code body} as Prometheus does (snappy, protobuf, version header). */
  static HttpResponse<String> remoteWrite(URI base, byte[] body, String encoding, String type)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(PATH))
            .timeout(Duration.ofSeconds(30))
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    if (type != null) {
      request.header("Content-Type", type);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> remoteWrite(URI base, byte[] protobuf) throws Exception {
    return remoteWrite(base, snappy(protobuf), "snappy", "application/x-protobuf");
  }

  private static MetricPoint point(String name, Map<String, String> labels, double value, long t) {
    return MetricPoint.newBuilder()
        .setTimestamp(Instant.ofEpochMilli(t))
        .setName(name)
        .setLabels(labels)
        .setValue(value)
        .build();
  }

  @Test
  void shouldPublishEverySampleOfARemoteWriteRequest() throws Exception {
    try (Intake intake = start("remote-write", Map.of())) {
      byte[] body =
          writeRequest(
              series("http_requests_total")
                  .label("job", "cart")
                  .label("code", "500")
                  .sample(7, T0)
                  .sample(9, T0 + 15_000),
              series("up").label("job", "cart").sample(1, T0).sample(STALE, T0 + 15_000));

      HttpResponse<String> response = remoteWrite(intake.server().uri(), body);

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.get("accepted").asInt()).isEqualTo(3);
      assertThat(answer.get("staleMarkers").asInt()).isEqualTo(1);
      List<ConsumerRecord<String, MetricPoint>> records =
          KafkaTopicReader.read(intake.config(), QuellTopic.METRICS, 3);
      assertThat(records)
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "http_requests_total{code=\"500\",job=\"cart\"}",
                  point("http_requests_total", Map.of("job", "cart", "code", "500"), 7, T0)),
              org.assertj.core.groups.Tuple.tuple(
                  "http_requests_total{code=\"500\",job=\"cart\"}",
                  point(
                      "http_requests_total", Map.of("job", "cart", "code", "500"), 9, T0 + 15_000)),
              org.assertj.core.groups.Tuple.tuple(
                  "up{job=\"cart\"}", point("up", Map.of("job", "cart"), 1, T0)));
      String scrape = get(intake.server().uri(), "/metrics");
      assertThat(value(scrape, "quell_ingest_records_accepted_total{endpoint=\"remote_write\"}"))
          .isEqualTo(3);
      assertThat(value(scrape, "quell_ingest_stale_markers_total{endpoint=\"remote_write\"}"))
          .isEqualTo(1);
      assertThat(
              value(scrape, "quell_ingest_requests_total{code=\"200\",endpoint=\"remote_write\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void shouldAnswer207AndKeepTheGoodSamplesWhenSomeSeriesHaveTooManyLabels() throws Exception {
    try (Intake intake =
        start("remote-write-partial", Map.of("quell.ingest.max-labels-per-series", 2))) {
      byte[] body =
          writeRequest(
              series("wide").label("a", "1").label("b", "2").label("c", "3").sample(1, T0),
              series("narrow").label("a", "1").sample(2, T0).exemplar(),
              series("latency").histogram());

      HttpResponse<String> response = remoteWrite(intake.server().uri(), body);

      // A 2xx, so that Prometheus does not send the good sample again and again.
      assertThat(response.statusCode()).isEqualTo(207);
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.get("accepted").asInt()).isEqualTo(1);
      assertThat(answer.get("rejectedCount").asInt()).isEqualTo(1);
      assertThat(answer.at("/rejected/0/reason").asText()).isEqualTo("too_many_labels");
      assertThat(answer.at("/rejected/0/index").asInt()).isZero();
      assertThat(answer.at("/unsupported/exemplars").asInt()).isEqualTo(1);
      assertThat(answer.at("/unsupported/native_histograms").asInt()).isEqualTo(1);
      assertThat(
              KafkaTopicReader.read(
                  intake.config(),
                  QuellTopic.METRICS,
                  1,
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(1)))
          .extracting(r -> r.value().getName())
          .containsExactly("narrow");
      String scrape = get(intake.server().uri(), "/metrics");
      assertThat(
              value(
                  scrape,
                  "quell_ingest_records_rejected_total{endpoint=\"remote_write\",reason=\"too_many_labels\"}"))
          .isEqualTo(1);
      assertThat(
              value(
                  scrape,
                  "quell_ingest_unsupported_total{endpoint=\"remote_write\",kind=\"native_histograms\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void shouldAnswer400WhenNoSampleCanBeTaken() throws Exception {
    HttpResponse<String> response =
        remoteWrite(
            shared.uri(),
            writeRequest(new RemoteWriteMessages.Series().label("job", "x").sample(1, T0)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).at("/rejected/0/field").asText())
        .isEqualTo("labels.__name__");
  }

  @Test
  void shouldAnswer200ToRequestsWithoutSamples() throws Exception {
    // Prometheus sends metadata on its own, and stale markers when a target goes away.
    HttpResponse<String> metadata = remoteWrite(shared.uri(), RemoteWriteMessages.metadataOnly());
    HttpResponse<String> stale =
        remoteWrite(shared.uri(), writeRequest(series("up").sample(STALE, T0)));

    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(metadata.body()).get("accepted").asInt()).isZero();
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(stale.body()).get("staleMarkers").asInt()).isEqualTo(1);
  }

  @Test
  void shouldAnswer400WithAClearErrorForBadSnappyOrProtobuf() throws Exception {
    HttpResponse<String> badSnappy =
        remoteWrite(shared.uri(), "not snappy".getBytes(), "snappy", "application/x-protobuf");
    HttpResponse<String> badProtobuf =
        remoteWrite(shared.uri(), "garbage, not a WriteRequest".getBytes());

    assertThat(badSnappy.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badSnappy.body()).get("error").asText()).isEqualTo("malformed_snappy");
    assertThat(badProtobuf.statusCode()).isEqualTo(400);
    JsonNode answer = JSON.readTree(badProtobuf.body());
    assertThat(answer.get("error").asText()).isEqualTo("malformed_protobuf");
    assertThat(answer.get("message").asText()).contains("remote_write WriteRequest");
  }

  @Test
  void shouldAnswer415WithoutSnappyOrForAnotherContentType() throws Exception {
    byte[] body = writeRequest(series("up").sample(1, T0));
    HttpResponse<String> uncompressed =
        remoteWrite(shared.uri(), body, null, "application/x-protobuf");
    HttpResponse<String> gzip =
        remoteWrite(shared.uri(), snappy(body), "gzip", "application/x-protobuf");
    HttpResponse<String> json =
        remoteWrite(shared.uri(), snappy(body), "snappy", "application/json");
    HttpResponse<String> version2 =
        remoteWrite(
            shared.uri(),
            snappy(body),
            "snappy",
            "application/x-protobuf;proto=io.prometheus.write.v2.Request");

    for (HttpResponse<String> response : List.of(uncompressed, gzip, json, version2)) {
      assertThat(response.statusCode()).isEqualTo(415);
      assertThat(JSON.readTree(response.body()).get("error").asText())
          .isEqualTo("unsupported_media_type");
    }
    assertThat(JSON.readTree(uncompressed.body()).get("message").asText()).contains("snappy");
  }

  @Test
  void shouldAnswer413ForASnappyBodyThatInflatesPastTheLimit() throws Exception {
    RemoteWriteMessages.Series big = series("big");
    for (int i = 0; i < 400; i++) {
      big.label("label_" + i, "value");
    }
    byte[] protobuf = writeRequest(big.sample(1, T0));
    byte[] compressed = snappy(protobuf);

    HttpResponse<String> response = remoteWrite(shared.uri(), protobuf);

    assertThat(protobuf.length).isGreaterThan(4096);
    assertThat(compressed.length).isLessThan(4096);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("payload_too_large");
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenKafkaIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (Intake intake =
        start(
            "remote-write-down",
            Map.of(
                "bootstrap.servers",
                "127.0.0.1:" + closedPort,
                "quell.ingest.retry-after.ms",
                "3000"))) {
      HttpResponse<String> response =
          remoteWrite(intake.server().uri(), writeRequest(series("up").sample(1, T0)));

      // Prometheus retries a 5xx: the samples are not lost.
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains("3");
    }
  }

  static String get(URI base, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The value of {@code series} in a scrape, 0 when it is absent. */
  static double value(String scrape, String series) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
