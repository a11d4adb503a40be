/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.ingest.publish.RecordingPublisher;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.topic.QuellTopic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer-token authentication and the Alertmanager endpoint, with a recording publisher. */
class IntakeAuthTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOG =
      "{\"timestamp\":\"2026-03-01T08:00:00Z\",\"service\":\"checkout\",\"message\":\"hello\"}";
  private static final String WEBHOOK =
      "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"Down\\\"}\",\"status\":\"firing\","
          + "\"receiver\":\"quell\",\"groupLabels\":{},\"commonLabels\":{},"
          + "\"commonAnnotations\":{},\"externalURL\":\"http://am:9093\",\"alerts\":["
          + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Down\",\"job\":\"cart\"},"
          + "\"annotations\":{},\"startsAt\":\"2026-03-01T08:00:00Z\","
          + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"\","
          + "\"fingerprint\":\"0123456789abcdef\"}]}";

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private RecordingPublisher publisher;
  private IntakeServer server;
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens"), "# intake tokens\n\n  file-token  \n");
    publisher = new RecordingPublisher();
    server =
        new IntakeServer(
            Map.of(
                "quell.ingest.port", "0",
                "quell.ingest.auth.tokens-file", tokens.toString(),
                "quell.ingest.auth.tokens", "env-token-1, env-token-2"),
            publisher);
    server.start();
    uri = server.uri();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswer401WithAChallengeWithoutAToken() throws Exception {
    HttpResponse<String> response = post("/api/v1/logs", LOG, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("application/json"));
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("error").asText()).isEqualTo("unauthorized");
    assertThat(answer.get("reason").asText()).isEqualTo("missing_token");
    assertThat(publisher.published()).isEmpty();
  }

  @Test
  void shouldAnswer401ForAWrongTokenOrScheme() throws Exception {
    HttpResponse<String> wrong = post("/api/v1/logs", LOG, "Bearer file-token-not");
    HttpResponse<String> basic = post("/api/v1/alertmanager", WEBHOOK, "Basic ZmlsZS10b2tlbg==");
    HttpResponse<String> comment = post("/api/v1/logs", LOG, "Bearer # intake tokens");

    assertThat(List.of(wrong.statusCode(), basic.statusCode(), comment.statusCode()))
        .containsOnly(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer").contains("invalid"));
    assertThat(JSON.readTree(wrong.body()).get("reason").asText()).isEqualTo("invalid_token");
    assertThat(JSON.readTree(basic.body()).get("reason").asText()).isEqualTo("malformed_header");
    assertThat(publisher.published()).isEmpty();
  }

  @Test
  void shouldTakeRecordsWithATokenFromTheFileOrTheList() throws Exception {
    assertThat(post("/api/v1/logs", LOG, "Bearer file-token").statusCode()).isEqualTo(200);
    assertThat(post("/api/v1/logs", LOG, "bearer env-token-2").statusCode()).isEqualTo(200);
    assertThat(post("/api/v1/alertmanager", WEBHOOK, "Bearer env-token-1").statusCode())
        .isEqualTo(200);

    assertThat(publisher.published()).hasSize(3);
    assertThat(publisher.published().get(2))
        .satisfies(
            published -> {
              assertThat(published.topic()).isEqualTo(QuellTopic.ALERTS);
              assertThat(published.key()).isEqualTo("0123456789abcdef");
              assertThat(((Alert) published.value()).getService()).isEqualTo("cart");
            });
  }

  @Test
  void shouldKeepProbesAndScrapesOpenAndCountRefusals() throws Exception {
    post("/api/v1/logs", LOG, null);
    post("/api/v1/logs", LOG, "Bearer nope");
    post("/api/v1/alertmanager", WEBHOOK, "Bearer nope");

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    HttpResponse<String> scrape = get("/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .contains(
            "quell_ingest_auth_rejected_total{endpoint=\"logs\",reason=\"missing_token\"} 1.0")
        .contains(
            "quell_ingest_auth_rejected_total{endpoint=\"logs\",reason=\"invalid_token\"} 1.0")
        .contains(
            "quell_ingest_auth_rejected_total{endpoint=\"alertmanager\",reason=\"invalid_token\"}"
                + " 1.0")
        .contains("quell_ingest_requests_total{code=\"401\",endpoint=\"logs\"} 2.0");
  }

  @Test
  void shouldAnswer400NamingTheVersionOfAnUnknownWebhookVersion() throws Exception {
    HttpResponse<String> response =
        post(
            "/api/v1/alertmanager",
            WEBHOOK.replace("\"version\":\"4\"", "\"version\":\"3\""),
            "Bearer file-token");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("error").asText()).isEqualTo("invalid_payload");
    assertThat(answer.get("field").asText()).isEqualTo("version");
    assertThat(publisher.published()).isEmpty();
  }

  @Test
  void shouldNeedNoTokenWhenNoneIsConfigured() throws Exception {
    RecordingPublisher other = new RecordingPublisher();
    try (IntakeServer open =
        new IntakeServer(
            Map.of("quell.ingest.port", "0", "quell.ingest.auth.tokens", " , "), other)) {
      open.start();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(open.uri().resolve("/api/v1/alertmanager"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(WEBHOOK))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(other.published()).hasSize(1);
    }
  }

  @Test
  void shouldRefuseATokensFileThatCannotBeRead() {
    RecordingPublisher other = new RecordingPublisher();

    assertThatThrownBy(
            () ->
                new IntakeServer(
                    Map.of("quell.ingest.auth.tokens-file", dir.resolve("missing").toString()),
                    other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quell.ingest.auth.tokens-file");
    assertThat(other.isClosed()).isTrue();
  }

  @Test
  void shouldCompareTokensWithoutCaringForTheirLength() {
    BearerAuth auth = new BearerAuth(List.of("s3cret"));

    assertThat(auth.check("Bearer s3cret")).isEqualTo(BearerAuth.Outcome.ALLOWED);
    assertThat(auth.check("Bearer s3cre")).isEqualTo(BearerAuth.Outcome.INVALID);
    assertThat(auth.check("Bearer s3cret-and-more")).isEqualTo(BearerAuth.Outcome.INVALID);
    assertThat(auth.check("Bearer ")).isEqualTo(BearerAuth.Outcome.MALFORMED);
    assertThat(auth.check(null)).isEqualTo(BearerAuth.Outcome.MISSING);
    assertThat(new BearerAuth(List.of()).check(null)).isEqualTo(BearerAuth.Outcome.ALLOWED);
  }
}
