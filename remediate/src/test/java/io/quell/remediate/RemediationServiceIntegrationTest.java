/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.remediate.dispatch.WebhookSignature;
import io.quell.remediate.runbook.ActionIds;
import io.quell.remediate.runbook.Runbooks;
import io.quell.remediate.streams.DeadLetterHandlers;
import io.quell.remediate.testing.Elasticsearch;
import io.quell.remediate.testing.Incidents;
import io.quell.remediate.testing.RecordingWebhookReceiver;
import io.quell.remediate.testing.RecordingWebhookReceiver.Call;
import io.quell.remediate.testing.TopicClient;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole service on the real stack: Kafka, the schema registry and Elasticsearch. */
@ExtendWith(QuellStackExtension.class)
class RemediationServiceIntegrationTest {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String SECRET = "service-it-secret";

  // Under target/, not the OS temp directory, which Kafka Streams warns may be cleared.
  private final Path stateDirs =
      Path.of("target", "streams-state", Long.toString(System.nanoTime()));

  @Test
  void shouldNotifyEachCriticalIncidentOnceAndIndexItAlsoAcrossARestart(QuellStack stack)
      throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "service");
    Elasticsearch es = new Elasticsearch(stack.elasticsearchUrl());
    try (RecordingWebhookReceiver receiver = RecordingWebhookReceiver.start(SECRET);
        TopicClient kafka = new TopicClient(topics)) {
      Map<String, Object> config = config(topics, stack, receiver.url("/quell"));
      String index = RemediateOptions.incidentsIndex(config);
      String actionA = ActionIds.of("inc-A", Runbooks.CRITICAL_INCIDENT_WEBHOOK, 0);
      String actionB = ActionIds.of("inc-B", Runbooks.CRITICAL_INCIDENT_WEBHOOK, 0);

      try (RemediationService first = RemediationService.start(withStateDir(config, "first"))) {
        kafka.send(QuellTopic.INCIDENTS, Incidents.warning("inc-A", 1));
        kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-A", 2));
        kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-A", 3));
        kafka.sendRaw(QuellTopic.INCIDENTS, "inc-bad", "not avro".getBytes(StandardCharsets.UTF_8));

        await().atMost(PATIENCE).until(() -> receiver.calls().size() == 1);
        Call call = receiver.calls().get(0);
        assertThat(call.idempotencyKey()).isEqualTo(actionA);
        assertThat(call.verification()).isEqualTo(WebhookSignature.Verification.VALID);
        JsonNode payload = new ObjectMapper().readTree(call.body());
        assertThat(payload.path("incident").path("id").asText()).isEqualTo("inc-A");
        assertThat(payload.path("incident").path("version").asLong()).isEqualTo(2);
        assertThat(payload.path("links").path("elasticsearch").path("index").asText())
            .isEqualTo(index);

        await()
            .atMost(PATIENCE)
            .until(() -> es.document(index, "inc-A").body().path("_version").asLong() == 3);
        await().atMost(PATIENCE).until(first::healthy);
        assertThat(get(first.metricsPort(), "/healthz"))
            .contains("\"status\":\"UP\"")
            .contains("runbook")
            .contains("dispatcher")
            .contains("indexer");
        await()
            .atMost(PATIENCE)
            .until(
                () -> get(first.metricsPort(), "/metrics"),
                metrics ->
                    metrics.contains(
                            "quell_remediate_actions_emitted_total{rule=\"critical-incident-webhook\"} 1.0")
                        && metrics.contains(
                            "quell_remediate_action_results_total{outcome=\"succeeded\"} 1.0"));
      }

      // While no service runs: a later version of A and a new critical incident B.
      kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-A", 4));
      kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-B", 1));

      // A new instance with an empty state directory restores what fired from the changelog.
      try (RemediationService second = RemediationService.start(withStateDir(config, "second"))) {
        kafka.send(
            QuellTopic.INCIDENTS,
            Incidents.version("inc-A", 5, Severity.CRITICAL)
                .setStatus(IncidentStatus.RESOLVED)
                .setResolvedAt(Incidents.RESOLVED)
                .build());

        await().atMost(PATIENCE).until(() -> receiver.calls().size() >= 2);
        await()
            .atMost(PATIENCE)
            .until(() -> es.document(index, "inc-A").body().path("_version").asLong() == 5);
        await().atMost(PATIENCE).until(() -> es.document(index, "inc-B").status() == 200);
        // Give a wrongly repeated action time to show up before counting.
        List<ActionResult> results =
            kafka.readValues(QuellTopic.ACTION_RESULTS, Duration.ofSeconds(5));

        assertThat(receiver.calls())
            .extracting(Call::idempotencyKey)
            .containsExactly(actionA, actionB);
        assertThat(results)
            .extracting(ActionResult::getActionId, ActionResult::getOutcome)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(actionA, ActionOutcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple(actionB, ActionOutcome.SUCCEEDED));
        assertThat(kafka.readValues(QuellTopic.ACTIONS, Duration.ofSeconds(1))).hasSize(2);
        assertThat(es.document(index, "inc-A").body().path("_source").path("status").asText())
            .isEqualTo("RESOLVED");
        assertThat(second.healthy()).isTrue();
      }

      // The undecodable incident was dead-lettered by the runbook engine (in its transaction)
      // and by the indexer, each once.
      assertThat(
              kafka.readAll(QuellTopic.DLQ, Duration.ofSeconds(2)).stream()
                  .map(DeadLetter::fromRecord)
                  .map(DeadLetter::stage))
          .containsExactlyInAnyOrder(
              DeadLetterHandlers.DECODE_STAGE,
              io.quell.remediate.index.IncidentIndexer.DECODE_STAGE);
    }
  }

  @Test
  void shouldRefuseToStartWithAWebhookButNoSecret(QuellStack stack) {
    QuellTestTopics topics = QuellTestTopics.create(stack, "service-config");
    Map<String, Object> config = config(topics, stack, URI.create("http://127.0.0.1:9/quell"));
    config.remove(RemediateOptions.WEBHOOK_SECRET.key());

    assertThatThrownBy(() -> RemediationService.start(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(RemediateOptions.WEBHOOK_SECRET.key());
  }

  private Map<String, Object> withStateDir(Map<String, Object> config, String name) {
    Map<String, Object> copy = new HashMap<>(config);
    copy.put(RemediateOptions.STATE_DIR.key(), stateDirs.resolve(name).toString());
    return copy;
  }

  private static Map<String, Object> config(QuellTestTopics topics, QuellStack stack, URI webhook) {
    String unique = "service-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Map<String, Object> config = topics.config();
    config.put(RemediateOptions.APPLICATION_ID.key(), unique);
    config.put(RemediateOptions.ELASTICSEARCH_URL.key(), stack.elasticsearchUrl());
    config.put(RemediateOptions.INDEX_PREFIX.key(), unique + "-");
    config.put(RemediateOptions.WEBHOOK_URL.key(), webhook.toString());
    config.put(RemediateOptions.WEBHOOK_SECRET.key(), SECRET);
    config.put(RemediateOptions.METRICS_PORT.key(), 0);
    config.put(RemediateOptions.METRICS_HOST.key(), "127.0.0.1");
    config.put(RemediateOptions.DISPATCH_INITIAL_BACKOFF.key(), 20);
    config.put(RemediateOptions.DISPATCH_MAX_BACKOFF.key(), 100);
    return config;
  }

  private static String get(int port, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
