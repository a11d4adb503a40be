/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.testing.Elasticsearch;
import io.quell.remediate.testing.TopicClient;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(QuellStackExtension.class)
class ActionIndexerIntegrationTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void shouldMergeEveryStepWithItsResultWhicheverArrivesFirst(QuellStack stack) throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "action-indexer");
    Map<String, Object> config = topics.config();
    String run = "action-it-" + ProcessHandle.current().pid();
    config.put(RemediateOptions.ELASTICSEARCH_URL.key(), stack.elasticsearchUrl());
    config.put(RemediateOptions.INDEX_PREFIX.key(), run + "-");
    config.put(RemediateOptions.APPLICATION_ID.key(), run);
    Elasticsearch es = new Elasticsearch(stack.elasticsearchUrl());

    try (TopicClient kafka = new TopicClient(topics);
        ActionIndexer indexer = new ActionIndexer(config, RemediationMetrics.noop())) {
      indexer.start();
      // The result of a-1 comes before its step; a-2 has no result yet.
      kafka.send(
          QuellTopic.ACTION_RESULTS,
          ActionDocumentsTest.result("rule/0/a-1", "inc-1", ActionOutcome.FAILED));
      kafka.send(QuellTopic.ACTIONS, ActionDocumentsTest.action("rule/0/a-1", "inc-1"));
      kafka.send(QuellTopic.ACTIONS, ActionDocumentsTest.action("rule/0/a-2", "inc-2"));
      kafka.sendRaw(
          QuellTopic.ACTION_RESULTS, "inc-3", "{not avro".getBytes(StandardCharsets.UTF_8));

      String index = indexer.indexName();
      await().atMost(PATIENCE).until(() -> es.document(index, "rule/0/a-2").status() == 200);
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                JsonNode doc = es.document(index, "rule/0/a-1").body().path("_source");
                assertThat(doc.path("outcome").asText()).isEqualTo("FAILED");
                assertThat(doc.path("stepName").asText()).isEqualTo("notify-webhook");
              });
      JsonNode merged = es.document(index, "rule/0/a-1").body().path("_source");
      assertThat(merged.path("incidentId").asText()).isEqualTo("inc-1");
      assertThat(merged.path("kind").asText()).isEqualTo("SLACK");
      assertThat(merged.path("targetHost").asText()).isEqualTo("hooks.example.com:8443");
      assertThat(merged.path("httpStatus").asInt()).isEqualTo(503);
      assertThat(merged.path("attempts").asInt()).isEqualTo(3);
      JsonNode pending = es.document(index, "rule/0/a-2").body().path("_source");
      assertThat(pending.has("outcome")).isFalse();

      // Kibana's "steps and their results" panel: steps by outcome.
      es.post("/" + index + "/_refresh", "");
      JsonNode buckets =
          es.post(
                  "/" + index + "/_search",
                  "{\"size\":0,\"aggs\":{\"o\":{\"terms\":{\"field\":\"outcome\"}}}}")
              .body()
              .path("aggregations")
              .path("o")
              .path("buckets");
      assertThat(buckets.findValuesAsText("key")).containsExactly("FAILED");

      assertThat(
              kafka.readAll(QuellTopic.DLQ, Duration.ofSeconds(3)).stream()
                  .map(DeadLetter::fromRecord)
                  .map(DeadLetter::stage))
          .containsExactly(ActionIndexer.DECODE_STAGE);
    }
  }
}
