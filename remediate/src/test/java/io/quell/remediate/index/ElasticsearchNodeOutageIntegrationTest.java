/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quell.remediate.ConsumerWorker;
import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.testing.Elasticsearch;
import io.quell.remediate.testing.Incidents;
import io.quell.remediate.testing.TopicClient;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.Distributions;
import io.quell.stack.EmbeddedElasticsearch;
import io.quell.stack.Ports;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The indexer against an Elasticsearch node of its own that is stopped in the middle of a run and
 * started again on the same data: while it is down nothing is committed, and afterwards every
 * version is in the incidents index and in the timeline, once.
 */
@ExtendWith(QuellStackExtension.class)
class ElasticsearchNodeOutageIntegrationTest {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration NODE_START = Duration.ofSeconds(240);

  @Test
  void shouldStopConsumingWhileTheNodeIsDownAndCatchUpWithoutLossOrDuplicates(QuellStack stack)
      throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "indexer-node-down");
    Path dir = Path.of("target", "private-elasticsearch-" + ProcessHandle.current().pid());
    EmbeddedElasticsearch node =
        new EmbeddedElasticsearch(
            dir,
            Distributions.locate(null).elasticsearch(),
            "127.0.0.1",
            Ports.free(),
            Ports.free(),
            "256m");
    try (node) {
      node.start(NODE_START);
      Map<String, Object> config = topics.config();
      String run = "node-down-" + ProcessHandle.current().pid();
      config.put(RemediateOptions.ELASTICSEARCH_URL.key(), node.url());
      config.put(RemediateOptions.INDEX_PREFIX.key(), run + "-");
      config.put(RemediateOptions.APPLICATION_ID.key(), run);
      config.put(RemediateOptions.INDEX_MAX_BACKOFF.key(), 1000);
      Elasticsearch es = new Elasticsearch(node.url());
      RemediationMetrics metrics = RemediationMetrics.noop();

      try (TopicClient kafka = new TopicClient(topics);
          IncidentIndexer indexer = new IncidentIndexer(config, metrics);
          Admin admin =
              Admin.create(
                  Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
        indexer.start();
        String index = indexer.indexName();
        kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-1", 1));
        kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-2", 1));
        await().atMost(PATIENCE).until(() -> committed(admin, indexer.groupId()) == 2);
        assertThat(es.document(index, "inc-2").status()).isEqualTo(200);

        node.close();
        kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-1", 2));
        for (int i = 3; i <= 6; i++) {
          kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-" + i, 1));
        }
        await().atMost(PATIENCE).until(() -> indexer.state() == ConsumerWorker.State.WAITING);
        await().atMost(PATIENCE).until(() -> metrics.indexErrors() >= 5);
        assertThat(committed(admin, indexer.groupId()))
            .as("nothing Elasticsearch did not acknowledge is committed")
            .isEqualTo(2);

        node.start(NODE_START);
        await().atMost(PATIENCE).until(() -> committed(admin, indexer.groupId()) == 7);
        await().atMost(PATIENCE).until(() -> indexer.state() == ConsumerWorker.State.RUNNING);
        for (int i = 1; i <= 6; i++) {
          assertThat(es.document(index, "inc-" + i).status()).as("inc-" + i).isEqualTo(200);
        }
        assertThat(es.document(index, "inc-1").body().path("_version").asLong()).isEqualTo(2);
        String timeline = indexer.timelineName();
        es.post("/" + timeline + "/_refresh", "");
        assertThat(es.get("/" + timeline + "/_count").body().path("count").asLong())
            .as("every version once in the timeline")
            .isEqualTo(7);
      }
    }
  }

  private static long committed(Admin admin, String group) throws Exception {
    Map<?, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
  }
}
