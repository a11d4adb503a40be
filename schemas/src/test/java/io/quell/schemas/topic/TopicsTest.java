/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.registry.InMemorySchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.testing.SampleRecords;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldUseDocumentedDefaultNamesPartitionsAndCompaction() {
    Topics topics = Topics.defaults();

    assertThat(topics.definitions())
        .extracting(TopicDefinition::name, TopicDefinition::partitions, TopicDefinition::compacted)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("quell.logs", 4, false),
            org.assertj.core.groups.Tuple.tuple("quell.metrics", 4, false),
            org.assertj.core.groups.Tuple.tuple("quell.alerts", 4, false),
            org.assertj.core.groups.Tuple.tuple("quell.incidents", 2, false),
            org.assertj.core.groups.Tuple.tuple("quell.actions", 2, false),
            org.assertj.core.groups.Tuple.tuple("quell.action-results", 2, false),
            org.assertj.core.groups.Tuple.tuple("quell.approvals", 1, false),
            org.assertj.core.groups.Tuple.tuple("quell.silences", 1, true),
            org.assertj.core.groups.Tuple.tuple("quell.topology", 1, true),
            org.assertj.core.groups.Tuple.tuple("quell.templates", 2, true),
            org.assertj.core.groups.Tuple.tuple("quell.dlq", 1, false),
            org.assertj.core.groups.Tuple.tuple("quell.ground-truth", 1, false));
  }

  @Test
  void shouldOverrideOneTopicNameAndKeepTheOthers() {
    Topics topics = Topics.fromConfig(Map.of("quell.topic.alerts", "team-a.alerts"));

    assertThat(topics.name(QuellTopic.ALERTS)).isEqualTo("team-a.alerts");
    assertThat(topics.name(QuellTopic.INCIDENTS)).isEqualTo("quell.incidents");
    assertThat(topics.topicNamed("team-a.alerts")).contains(QuellTopic.ALERTS);
    assertThat(topics.topicNamed("quell.alerts")).isEmpty();
  }

  @Test
  void shouldPrefixDefaultNamesButNotExplicitOnes() {
    Topics topics =
        Topics.fromConfig(
            Map.of("quell.topic.prefix", "staging.", "quell.topic.dlq", "shared-dead-letters"));

    assertThat(topics.name(QuellTopic.ACTION_RESULTS)).isEqualTo("staging.quell.action-results");
    assertThat(topics.name(QuellTopic.DLQ)).isEqualTo("shared-dead-letters");
  }

  @Test
  void shouldOverridePartitionsAndReplication() {
    Properties properties = new Properties();
    properties.setProperty("quell.topic.logs.partitions", "12");
    properties.setProperty("quell.topic.replication.factor", "3");
    properties.setProperty("bootstrap.servers", "ignored:9092");

    Topics topics = Topics.fromProperties(properties);

    assertThat(topics.partitions(QuellTopic.LOGS)).isEqualTo(12);
    assertThat(topics.replicationFactor()).contains((short) 3);
    NewTopic logs = topics.newTopics().get(0);
    assertThat(logs.name()).isEqualTo("quell.logs");
    assertThat(logs.numPartitions()).isEqualTo(12);
    assertThat(logs.replicationFactor()).isEqualTo((short) 3);
  }

  @Test
  void shouldCreateCompactedTopicsWithCompactCleanupPolicy() {
    assertThat(Topics.defaults().newTopics())
        .filteredOn(topic -> topic.name().equals("quell.silences"))
        .singleElement()
        .satisfies(topic -> assertThat(topic.configs()).containsEntry("cleanup.policy", "compact"));
  }

  @Test
  void shouldRejectMisspeltTopicSetting() {
    assertThatThrownBy(() -> Topics.fromConfig(Map.of("quell.topic.alert", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quell.topic.alert")
        .hasMessageContaining("quell.topic.alerts");
  }

  @Test
  void shouldRejectTwoTopicsWithTheSameName() {
    assertThatThrownBy(
            () ->
                Topics.fromConfig(
                    Map.of("quell.topic.alerts", "same", "quell.topic.incidents", "same")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'same'");
  }

  @Test
  void shouldRejectIllegalTopicName() {
    assertThatThrownBy(() -> Topics.fromConfig(Map.of("quell.topic.alerts", "no spaces")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quell.topic.alerts");
  }

  @Test
  void shouldRejectPartitionCountBelowOne() {
    assertThatThrownBy(() -> Topics.fromConfig(Map.of("quell.topic.logs.partitions", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quell.topic.logs.partitions");
  }

  @Test
  void shouldRoundTripThroughItsOwnConfiguration() {
    Topics topics =
        Topics.fromConfig(Map.of("quell.topic.prefix", "x.", "quell.topic.alerts.partitions", 8));

    assertThat(Topics.fromConfig(topics.toConfig())).isEqualTo(topics);
  }

  @Test
  void shouldComputeKeysFromValuesAsEachTopicDefines() {
    assertThat(QuellTopic.LOGS.keyOf(SampleRecords.logEvent())).isEqualTo("checkout");
    assertThat(QuellTopic.ALERTS.keyOf(SampleRecords.alert())).isEqualTo("a1b2c3d4");
    assertThat(QuellTopic.INCIDENTS.keyOf(SampleRecords.incident()))
        .isEqualTo("inc-2026-03-02-0001");
    assertThat(QuellTopic.ACTIONS.keyOf(SampleRecords.remediationAction()))
        .isEqualTo("inc-2026-03-02-0001");
    assertThat(QuellTopic.ACTION_RESULTS.keyOf(SampleRecords.actionResult()))
        .isEqualTo("inc-2026-03-02-0001");
    assertThat(QuellTopic.SILENCES.keyOf(SampleRecords.silence())).isEqualTo("maint-db");
    assertThat(QuellTopic.METRICS.keyOf(SampleRecords.metricPoint()))
        .isEqualTo(RecordKeys.seriesId(SampleRecords.metricPoint()));
    assertThat(QuellTopic.TOPOLOGY.keyOf(SampleRecords.topologyEdge()))
        .isEqualTo("checkout->payments");
    assertThat(QuellTopic.TEMPLATES.keyOf(SampleRecords.logTemplate())).isEqualTo("checkout/t-17");
    assertThat(QuellTopic.DLQ.hasKeyFunction()).isFalse();
  }

  @Test
  void shouldBindAvroValueSerdeToTheTopicsValueType() {
    String scope = "topics-test-" + System.nanoTime();
    try (Serde<LogEvent> serde =
        QuellTopic.LOGS.valueSerde(SchemaRegistryOptions.of("mock://" + scope))) {
      byte[] payload = serde.serializer().serialize("quell.logs", SampleRecords.logEvent());

      assertThat(serde.deserializer().deserialize("quell.logs", payload))
          .isEqualTo(SampleRecords.logEvent());
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }

  @Test
  void shouldUsePlainSerdesForKeysAndRawTopics() {
    assertThat(QuellTopic.ALERTS.keySerde().serializer().serialize("t", "fp"))
        .containsExactly('f', 'p');
    byte[] raw = {1, 2, 3};
    assertThat(
            QuellTopic.DLQ
                .valueSerde(new InMemorySchemaRegistryClient(), false)
                .serializer()
                .serialize("t", raw))
        .isSameAs(raw);
    assertThat(QuellTopic.ALERTS.valueSchema()).contains(Alert.getClassSchema());
    assertThat(QuellTopic.GROUND_TRUTH.valueSchema()).isEmpty();
  }

  @Test
  void shouldStayTheSameConstantAfterJavaSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(QuellTopic.TOPOLOGY);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isSameAs(QuellTopic.TOPOLOGY);
    }
  }
}
