/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.ingest.publish.PublishException;
import io.quell.ingest.publish.RecordingPublisher;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.topic.QuellTopic;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The intake's HTTP behaviour around publishing, with a recording publisher standing in for Kafka
 * (the real one is covered by {@link IntakeServerIntegrationTest}).
 */
class IntakeServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOG =
      "{\"timestamp\":\"2026-03-01T08:00:00Z\",\"service\":\"checkout\",\"message\":\"hello\"}";

  private final HttpClient http = HttpClient.newHttpClient();
  private RecordingPublisher publisher;
  private IntakeServer server;
  private URI uri;

  @BeforeEach
  void start() {
    publisher = new RecordingPublisher();
    server =
        new IntakeServer(
            Map.of("quell.ingest.port", "0", "quell.ingest.retry-after.ms", "1500"), publisher);
    server.start();
    uri = server.uri();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> postLog() throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri.resolve("/api/v1/logs"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(LOG))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldHandTheRecordsToThePublisherKeyedByService() throws Exception {
    HttpResponse<String> response = postLog();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(publisher.published())
        .singleElement()
        .satisfies(
            published -> {
              assertThat(published.topic()).isEqualTo(QuellTopic.LOGS);
              assertThat(published.key()).isEqualTo("checkout");
              assertThat(((LogEvent) published.value()).getMessage()).isEqualTo("hello");
            });
  }

  @Test
  void shouldAnswer503WithRetryAfterRoundedUpWhenPublishingMayWorkLater() throws Exception {
    publisher.failWith(
        new PublishException(PublishException.Reason.BUFFER_FULL, "buffer full", null));

    HttpResponse<String> response = postLog();

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("2");
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("reason").asText()).isEqualTo("buffer_full");
    assertThat(answer.get("message").asText()).contains("No record of this request was taken");
  }

  @Test
  void shouldAnswer500WhenTheRecordsAreRefusedForGood() throws Exception {
    publisher.failWith(
        new PublishException(
            PublishException.Reason.REGISTRY_REJECTED, "schema is incompatible", null));

    HttpResponse<String> response = postLog();

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("error").asText()).isEqualTo("publish_failed");
    assertThat(answer.get("reason").asText()).isEqualTo("registry_rejected");
  }

  @Test
  void shouldAnswerNotReadyWhileThePublisherCannotReachKafka() throws Exception {
    publisher.failWith(new PublishException(PublishException.Reason.KAFKA_TIMEOUT, "down", null));

    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(uri.resolve("/readyz")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("not_ready");
  }

  @Test
  void shouldAnswerJsonEvenForRequestsJettyRefusesItself() throws Exception {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".getBytes());
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).containsIgnoringCase("Content-Type: application/json");
      assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).contains("\"error\"");
    }
  }

  @Test
  void shouldCloseThePublisherWithItself() {
    server.close();

    assertThat(publisher.isClosed()).isTrue();
  }

  @Test
  void shouldSayWhichAddressItCannotListenOn() {
    RecordingPublisher other = new RecordingPublisher();
    IntakeServer second =
        new IntakeServer(Map.of("quell.ingest.port", Integer.toString(uri.getPort())), other);

    assertThatThrownBy(second::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + uri.getPort());
    second.close();
  }

  @Test
  void shouldRefuseAnUnknownSettingAndCloseThePublisher() {
    RecordingPublisher other = new RecordingPublisher();

    assertThatThrownBy(() -> new IntakeServer(Map.of("quell.ingest.max-body", "1"), other))
        .hasMessageContaining("quell.ingest.max-body");
    assertThat(other.isClosed()).isTrue();
  }

  @Test
  void shouldTimeTheAnswerInTheLatencyHistogram() throws Exception {
    postLog();

    String scrape =
        http.send(
                HttpRequest.newBuilder(uri.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();

    assertThat(scrape)
        .contains("quell_ingest_request_duration_seconds_count{endpoint=\"logs\"} 1")
        .contains("quell_ingest_requests_total{code=\"200\",endpoint=\"logs\"} 1.0");
  }
}
