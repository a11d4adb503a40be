/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quell.remediate.ConsumerWorker;
import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.testing.Elasticsearch;
import io.quell.remediate.testing.Incidents;
import io.quell.remediate.testing.SwitchableProxy;
import io.quell.remediate.testing.TopicClient;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.BreakerNote;
import io.quell.schemas.avro.BreakerState;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.avro.SilenceKind;
import io.quell.schemas.avro.Suppression;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(QuellStackExtension.class)
class IncidentIndexerIntegrationTest {

  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void shouldKeepTheNewestVersionWhateverTheOrderOfArrival(QuellStack stack) throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "indexer-order");
    Map<String, Object> config = config(topics, stack.elasticsearchUrl());
    RemediationMetrics metrics = RemediationMetrics.noop();
    Elasticsearch es = new Elasticsearch(stack.elasticsearchUrl());

    try (TopicClient kafka = new TopicClient(topics);
        IncidentIndexer indexer = new IncidentIndexer(config, metrics)) {
      indexer.start();
      kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-A", 1));
      kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-A", 3));
      kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-A", 2));

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> assertThat(metrics.indexWrites() + metrics.indexConflicts()).isEqualTo(3));
      JsonNode stored = es.document(indexer.indexName(), "inc-A").body();
      assertThat(stored.path("_version").asLong()).isEqualTo(3);
      assertThat(stored.path("_source").path("version").asLong()).isEqualTo(3);
      assertThat(stored.path("_source").path("lastSeen").asText())
          .isEqualTo(Incidents.critical("inc-A", 3).getLastSeen().toString());
      assertThat(metrics.indexWrites()).isEqualTo(2);
      assertThat(metrics.indexConflicts()).isEqualTo(1);

      // The timeline keeps every version, once each, in the order they arrived.
      String timeline = indexer.timelineName();
      assertThat(es.post("/" + timeline + "/_refresh", "").status()).isEqualTo(200);
      JsonNode versions =
          es.post(
                  "/" + timeline + "/_search",
                  "{\"query\":{\"term\":{\"id\":\"inc-A\"}},\"sort\":[{\"version\":\"asc\"}]}")
              .body()
              .path("hits")
              .path("hits");
      assertThat(versions.findValuesAsText("_id")).containsExactly("inc-A@1", "inc-A@2", "inc-A@3");
      assertThat(versions.get(2).path("_source").path("@timestamp").asText())
          .isEqualTo(Incidents.critical("inc-A", 3).getLastSeen().toString());
    }
  }

  @Test
  void shouldShowOnTheIncidentThatTheBreakerHeldItsStepsAndWhenItClosed(QuellStack stack)
      throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "indexer-breaker");
    Map<String, Object> config = config(topics, stack.elasticsearchUrl());
    Elasticsearch es = new Elasticsearch(stack.elasticsearchUrl());
    Instant heldAt = Instant.parse("2026-03-02T09:20:00Z");
    Instant closedAt = heldAt.plusSeconds(600);

    try (TopicClient kafka = new TopicClient(topics);
        IncidentIndexer indexer = new IncidentIndexer(config, RemediationMetrics.noop())) {
      indexer.start();
      String index = indexer.indexName();
      kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-B", 1));
      await().atMost(PATIENCE).until(() -> es.document(index, "inc-B").status() == 200);

      // Held: the document says so at the same incident version.
      kafka.send(QuellTopic.ACTION_RESULTS, note("inc-B", "fix/0/b", BreakerState.OPEN, heldAt));
      await()
          .atMost(PATIENCE)
          .until(() -> breaker(es, index, "inc-B").path("state").asText().equals("HELD"));
      JsonNode held = es.document(index, "inc-B").body();
      assertThat(held.path("_version").asLong()).isEqualTo(1);
      assertThat(held.path("_source").path("status").asText()).isEqualTo("OPEN");
      assertThat(breaker(es, index, "inc-B").path("openIncidents").asLong()).isEqualTo(23);
      assertThat(breaker(es, index, "inc-B").path("limit").asInt()).isEqualTo(20);
      assertThat(breaker(es, index, "inc-B").path("heldAt").asText()).isEqualTo(heldAt.toString());

      // A newer version keeps it, an older one is still refused, and the close is noted.
      kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-B", 2));
      await()
          .atMost(PATIENCE)
          .until(() -> es.document(index, "inc-B").body().path("_version").asLong() == 2);
      assertThat(breaker(es, index, "inc-B").path("state").asText()).isEqualTo("HELD");
      kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-B", 1));
      kafka.send(QuellTopic.ACTION_RESULTS, note("inc-B", "fix/0/b", BreakerState.CLOSED, heldAt));
      await()
          .atMost(PATIENCE)
          .until(() -> breaker(es, index, "inc-B").path("state").asText().equals("CLOSED"));
      JsonNode closed = es.document(index, "inc-B").body();
      assertThat(closed.path("_version").asLong()).isEqualTo(2);
      assertThat(closed.path("_source").path("version").asLong()).isEqualTo(2);
      assertThat(breaker(es, index, "inc-B").path("closedAt").asText())
          .isEqualTo(closedAt.toString());
      assertThat(breaker(es, index, "inc-B").path("heldSteps").get(0).asText())
          .isEqualTo("fix/0/b");

      // A note before the incident's first version: a placeholder that the version replaces.
      kafka.send(QuellTopic.ACTION_RESULTS, note("inc-C", "fix/0/c", BreakerState.OPEN, heldAt));
      await().atMost(PATIENCE).until(() -> es.document(index, "inc-C").status() == 200);
      kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-C", 1));
      await()
          .atMost(PATIENCE)
          .until(() -> es.document(index, "inc-C").body().path("_version").asLong() == 1);
      JsonNode replaced = es.document(index, "inc-C").body().path("_source");
      assertThat(replaced.path("status").asText()).isEqualTo("OPEN");
      assertThat(replaced.path("remediation").path("breaker").path("state").asText())
          .isEqualTo("HELD");

      // Kibana can filter on it.
      assertThat(es.post("/" + index + "/_refresh", "").status()).isEqualTo(200);
      assertThat(
              hits(es, index, "{\"query\":{\"term\":{\"remediation.breaker.state\":\"CLOSED\"}}}"))
          .containsExactly("inc-B");
    }
  }

  private static JsonNode breaker(Elasticsearch es, String index, String id) {
    return es.document(index, id).body().path("_source").path("remediation").path("breaker");
  }

  private static ActionResult note(
      String incidentId, String actionId, BreakerState state, Instant heldAt) {
    Instant closedAt = state == BreakerState.CLOSED ? heldAt.plusSeconds(600) : null;
    return ActionResult.newBuilder()
        .setActionId(actionId)
        .setIncidentId(incidentId)
        .setIncidentVersion(1)
        .setOutcome(ActionOutcome.REFUSED)
        .setAttempts(0)
        .setError("circuit breaker")
        .setFinishedAt(closedAt == null ? heldAt : closedAt)
        .setBreaker(
            BreakerNote.newBuilder()
                .setState(state)
                .setOpenIncidents(state == BreakerState.OPEN ? 23 : 12)
                .setLimit(20)
                .setHeldAt(heldAt)
                .setClosedAt(closedAt)
                .build())
        .build();
  }

  @Test
  void shouldInstallTheTemplateAndWriteADocumentPerIncidentWithEveryField(QuellStack stack)
      throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "indexer-fields");
    Map<String, Object> config = config(topics, stack.elasticsearchUrl());
    Elasticsearch es = new Elasticsearch(stack.elasticsearchUrl());
    Incident open =
        Incidents.version("inc-open", 1, Severity.CRITICAL)
            .setLabels(Map.of("env", "prod", "k8s.namespace", "shop"))
            .build();
    Incident resolved =
        Incidents.version("inc-resolved/2026", 4, Severity.WARNING)
            .setStatus(IncidentStatus.RESOLVED)
            .setResolvedAt(Incidents.RESOLVED)
            .setContinuedFrom("inc-old")
            .setSuppression(
                Suppression.newBuilder()
                    .setSilenceId("maint-db")
                    .setKind(SilenceKind.MAINTENANCE)
                    .setReason("db failover drill")
                    .build())
            .build();

    try (TopicClient kafka = new TopicClient(topics);
        IncidentIndexer indexer = new IncidentIndexer(config, RemediationMetrics.noop())) {
      indexer.start();
      kafka.send(QuellTopic.INCIDENTS, open);
      kafka.send(QuellTopic.INCIDENTS, resolved);
      String index = indexer.indexName();
      await().atMost(PATIENCE).until(() -> es.document(index, "inc-resolved/2026").status() == 200);
      await().atMost(PATIENCE).until(() -> es.document(index, "inc-open").status() == 200);

      // Component templates and a composable template per index. The timeline is a data stream
      // with a lifecycle policy where the cluster has both; the embedded node (the minimal
      // integ-test distribution) has neither, and gets a plain index.
      String prefix = (String) config.get(RemediateOptions.INDEX_PREFIX.key());
      JsonNode incidentsTemplate =
          es.get("/_index_template/" + index)
              .body()
              .path("index_templates")
              .get(0)
              .path("index_template");
      assertThat(incidentsTemplate.path("composed_of").toString())
          .isEqualTo("[\"" + prefix + "settings\",\"" + prefix + "incident-fields\"]");
      assertThat(es.get("/_component_template/" + prefix + "incident-fields").status())
          .isEqualTo(200);
      String timeline = indexer.timelineName();
      boolean dataStreams = es.get("/_data_stream").status() == 200;
      JsonNode timelineTemplate =
          es.get("/_index_template/" + timeline)
              .body()
              .path("index_templates")
              .get(0)
              .path("index_template");
      assertThat(timelineTemplate.has("data_stream")).isEqualTo(dataStreams);
      if (dataStreams) {
        JsonNode stream = es.get("/_data_stream/" + timeline).body().path("data_streams").get(0);
        assertThat(stream.path("template").asText()).isEqualTo(timeline);
      }
      if (es.get("/_ilm/status").status() == 200) {
        assertThat(
                es.get("/_ilm/policy/" + timeline)
                    .body()
                    .path(timeline)
                    .path("policy")
                    .path("phases")
                    .path("delete")
                    .path("min_age")
                    .asText())
            .isEqualTo("30d");
        assertThat(timelineTemplate.path("composed_of").toString())
            .contains(prefix + "timeline-lifecycle");
      } else {
        assertThat(timelineTemplate.path("composed_of").toString()).doesNotContain("lifecycle");
      }
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                es.post("/" + timeline + "/_refresh", "");
                assertThat(hits(es, timeline, "{\"query\":{\"term\":{\"severity\":\"WARNING\"}}}"))
                    .containsExactly("inc-resolved/2026@4");
              });
      assertThat(
              es.get("/" + timeline + "/_mapping")
                  .body()
                  .findValue("properties")
                  .path("@timestamp")
                  .path("type")
                  .asText())
          .isEqualTo("date");

      JsonNode template = es.get("/_index_template/" + index).body();
      assertThat(
              template
                  .path("index_templates")
                  .get(0)
                  .path("index_template")
                  .path("index_patterns")
                  .toString())
          .isEqualTo("[\"" + index + "\"]");
      JsonNode mapping = es.get("/" + index + "/_mapping").body().path(index).path("mappings");
      assertThat(mapping.path("dynamic").asText()).isEqualTo("false");
      JsonNode properties = mapping.path("properties");
      assertThat(properties.path("id").path("type").asText()).isEqualTo("keyword");
      assertThat(properties.path("title").path("type").asText()).isEqualTo("text");
      assertThat(properties.path("title").path("fields").path("keyword").path("type").asText())
          .isEqualTo("keyword");
      assertThat(properties.path("firstSeen").path("type").asText()).isEqualTo("date");
      assertThat(properties.path("resolvedAt").path("type").asText()).isEqualTo("date");
      assertThat(properties.path("labels").path("type").asText()).isEqualTo("flattened");
      assertThat(
              properties.path("alerts").path("properties").path("lastSeen").path("type").asText())
          .isEqualTo("date");

      JsonNode doc = es.document(index, "inc-resolved/2026").body().path("_source");
      assertThat(doc.path("id").asText()).isEqualTo("inc-resolved/2026");
      assertThat(doc.path("version").asLong()).isEqualTo(4);
      assertThat(doc.path("status").asText()).isEqualTo("RESOLVED");
      assertThat(doc.path("severity").asText()).isEqualTo("WARNING");
      assertThat(doc.path("severityRank").asInt()).isEqualTo(1);
      assertThat(doc.path("title").asText()).isEqualTo("HighErrorRate on checkout");
      assertThat(doc.path("services").toString()).isEqualTo("[\"checkout\",\"payments\"]");
      assertThat(doc.path("memberCount").asInt()).isEqualTo(2);
      assertThat(doc.path("alerts").get(1).path("joinReason").path("kind").asText())
          .isEqualTo("TOPOLOGY");
      assertThat(doc.path("alerts").get(1).path("joinReason").path("relatedFingerprint").asText())
          .isEqualTo("a1");
      assertThat(doc.path("rootCauses").get(0).path("service").asText()).isEqualTo("payments");
      assertThat(doc.path("topRootCause").asText()).isEqualTo("payments");
      assertThat(doc.path("firstSeen").asText()).isEqualTo(Incidents.FIRST_ALERT.toString());
      assertThat(doc.path("resolvedAt").asText()).isEqualTo(Incidents.RESOLVED.toString());
      assertThat(doc.path("durationMillis").asLong())
          .isEqualTo(Duration.between(Incidents.FIRST_ALERT, Incidents.RESOLVED).toMillis());
      assertThat(doc.path("continuedFrom").asText()).isEqualTo("inc-old");
      assertThat(doc.path("mergedInto").isNull()).isTrue();
      assertThat(doc.path("suppressed").asBoolean()).isTrue();
      assertThat(doc.path("suppression").path("kind").asText()).isEqualTo("MAINTENANCE");
      assertThat(doc.path("labels").path("team").asText()).isEqualTo("shop");

      // The mapping serves the searches Kibana makes: a label, a date range, a word of the title.
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                assertThat(es.post("/" + index + "/_refresh", "").status()).isEqualTo(200);
                assertThat(
                        hits(
                            es,
                            index,
                            "{\"query\":{\"term\":{\"labels.k8s.namespace\":\"shop\"}}}"))
                    .containsExactly("inc-open");
                assertThat(
                        hits(
                            es,
                            index,
                            "{\"query\":{\"bool\":{\"filter\":["
                                + "{\"range\":{\"resolvedAt\":{\"gte\":\"2026-03-02T09:00:00Z\"}}},"
                                + "{\"match\":{\"title\":\"checkout\"}}]}}}"))
                    .containsExactly("inc-resolved/2026");
              });
    }
  }

  @Test
  void shouldDeadLetterWhatCannotBeDecodedOrIndexedAndGoOn(QuellStack stack) throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "indexer-dlq");
    Map<String, Object> config = config(topics, stack.elasticsearchUrl());
    Elasticsearch es = new Elasticsearch(stack.elasticsearchUrl());

    try (TopicClient kafka = new TopicClient(topics);
        IncidentIndexer indexer = new IncidentIndexer(config, RemediationMetrics.noop())) {
      indexer.start();
      kafka.sendRaw(
          QuellTopic.INCIDENTS, "inc-garbage", "{not avro".getBytes(StandardCharsets.UTF_8));
      kafka.send(QuellTopic.INCIDENTS, Incidents.version("", 1, Severity.CRITICAL).build());
      kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-fine", 1));

      await()
          .atMost(PATIENCE)
          .until(() -> es.document(indexer.indexName(), "inc-fine").status() == 200);
      List<ConsumerRecord<byte[], byte[]>> letters =
          kafka.readAll(QuellTopic.DLQ, Duration.ofSeconds(3));
      assertThat(letters).hasSize(2);
      assertThat(letters.stream().map(DeadLetter::fromRecord).map(DeadLetter::stage))
          .containsExactlyInAnyOrder(IncidentIndexer.DECODE_STAGE, IncidentIndexer.REJECTED_STAGE);
    }
  }

  @Test
  void shouldStopConsumingWhileElasticsearchFailsAndCatchUpWhenItReturns(QuellStack stack)
      throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "indexer-outage");
    Elasticsearch es = new Elasticsearch(stack.elasticsearchUrl());
    try (SwitchableProxy proxy = new SwitchableProxy(stack.elasticsearchUrl())) {
      Map<String, Object> config = config(topics, proxy.url());
      config.put(RemediateOptions.INDEX_MAX_BACKOFF.key(), 1000);
      RemediationMetrics metrics = RemediationMetrics.noop();
      try (TopicClient kafka = new TopicClient(topics);
          IncidentIndexer indexer = new IncidentIndexer(config, metrics);
          Admin admin =
              Admin.create(
                  Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
        indexer.start();
        kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-before", 1));
        await()
            .atMost(PATIENCE)
            .until(() -> es.document(indexer.indexName(), "inc-before").status() == 200);
        String group = config.get(RemediateOptions.APPLICATION_ID.key()) + "-indexer";
        long committedBefore = 1;
        await().atMost(PATIENCE).until(() -> committed(admin, group) == committedBefore);

        proxy.up(false);
        for (int i = 1; i <= 5; i++) {
          kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-during-" + i, 1));
        }
        await().atMost(PATIENCE).until(() -> indexer.state() == ConsumerWorker.State.WAITING);
        await().atMost(PATIENCE).until(() -> proxy.refused() >= 3);
        assertThat(committed(admin, group))
            .as("nothing Elasticsearch did not acknowledge is committed")
            .isEqualTo(committedBefore);
        assertThat(es.document(indexer.indexName(), "inc-during-1").status()).isEqualTo(404);

        proxy.up(true);
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  for (int i = 1; i <= 5; i++) {
                    assertThat(es.document(indexer.indexName(), "inc-during-" + i).status())
                        .isEqualTo(200);
                  }
                });
        await().atMost(PATIENCE).until(() -> committed(admin, group) == committedBefore + 5);
        await().atMost(PATIENCE).until(() -> indexer.state() == ConsumerWorker.State.RUNNING);
        assertThat(metrics.indexErrors()).isPositive();
      }
    }
  }

  private static long committed(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
  }

  private static List<String> hits(Elasticsearch es, String index, String query) {
    JsonNode hits = es.post("/" + index + "/_search", query).body().path("hits").path("hits");
    return java.util.stream.StreamSupport.stream(hits.spliterator(), false)
        .map(hit -> hit.path("_id").asText())
        .toList();
  }

  private static Map<String, Object> config(QuellTestTopics topics, String elasticsearchUrl) {
    int run = RUNS.incrementAndGet();
    Map<String, Object> config = topics.config();
    config.put(RemediateOptions.ELASTICSEARCH_URL.key(), elasticsearchUrl);
    config.put(
        RemediateOptions.INDEX_PREFIX.key(),
        "it-" + run + "-" + ProcessHandle.current().pid() + "-");
    config.put(
        RemediateOptions.APPLICATION_ID.key(),
        "indexer-it-" + run + "-" + ProcessHandle.current().pid());
    return config;
  }
}
