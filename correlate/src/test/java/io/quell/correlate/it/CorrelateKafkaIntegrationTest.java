/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.it;

import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.CorrelateOptions;
import io.quell.correlate.job.CorrelateJob;
import io.quell.correlate.testing.DemoTopology;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.RecordKeys;
import io.quell.schemas.topic.Topics;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka pipeline on the real embedded stack: topology and alerts in Avro on their topics, a
 * record that is not Avro among the alerts, incidents read back with read_committed.
 */
@ExtendWith(QuellStackExtension.class)
class CorrelateKafkaIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void shouldPublishOneIncidentForAFaultAndDeadLetterAGarbageRecord(QuellStack stack)
      throws Exception {
    QuellTestTopics testTopics = QuellTestTopics.create(stack, "correlate-it");
    Topics topics = testTopics.topics();
    Map<String, Object> config = testTopics.config();
    config.put(CorrelateOptions.GROUP_ID.key(), "correlate-it-" + ProcessHandle.current().pid());
    config.put(CorrelateOptions.OUT_OF_ORDERNESS.key(), "5000");
    // No alert follows the last one: event time moves on by itself after this pause.
    config.put(CorrelateOptions.IDLENESS.key(), "2000");
    config.put(CorrelateOptions.TOPOLOGY_SETTLE.key(), "1000");
    SchemaRegistryOptions registry = SchemaRegistryOptions.fromMap(config);

    testTopics.send(QuellTopic.TOPOLOGY, DemoTopology.EDGES, null);
    // An edge that is deleted again: had it stayed, the alert on search would join the fault.
    TopologyEdge removed = DemoTopology.edge("search", "orders-db", EdgeKind.DATABASE);
    testTopics.send(QuellTopic.TOPOLOGY, List.of(removed), null);
    testTopics.sendRaw(topics.name(QuellTopic.TOPOLOGY), RecordKeys.topologyEdge(removed), null);
    List<Alert> fault = DemoTopology.faultAlerts("orders-db", minutes(6), Duration.ofSeconds(30));
    List<Alert> alerts = new ArrayList<>(fault);
    // During the fault, on a service whose edge to orders-db was deleted: an incident of its own.
    alerts.add(firing("unrelated", "search", minutes(7)));
    testTopics.send(QuellTopic.ALERTS, alerts, null);
    byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
    testTopics.sendRaw(topics.name(QuellTopic.ALERTS), "garbage", garbage);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(1000);
    CorrelateJob.addKafkaPipeline(env, config);
    JobClient job = env.executeAsync("correlate-it");
    try {
      Set<String> faultFingerprints =
          fault.stream().map(Alert::getFingerprint).collect(Collectors.toSet());
      Map<String, Incident> latest =
          readIncidentsUntil(
              stack,
              topics,
              registry,
              incidents ->
                  incidents.values().stream()
                          .anyMatch(
                              incident -> fingerprints(incident).containsAll(faultFingerprints))
                      && incidents.values().stream()
                          .anyMatch(incident -> fingerprints(incident).contains("unrelated")));

      List<Incident> withFaultAlerts =
          latest.values().stream()
              .filter(
                  incident -> fingerprints(incident).stream().anyMatch(faultFingerprints::contains))
              .toList();
      assertThat(withFaultAlerts).hasSize(1);
      Incident incident = withFaultAlerts.get(0);
      assertThat(fingerprints(incident)).containsExactlyInAnyOrderElementsOf(faultFingerprints);
      assertThat(incident.getRootCauses().get(0).getService()).isEqualTo("orders-db");
      assertThat(incident.getStatus()).isIn(IncidentStatus.OPEN, IncidentStatus.UPDATED);
      assertThat(latest).hasSize(2);

      DeadLetter letter = readOneDeadLetter(stack, topics);
      assertThat(letter.sourceTopic()).isEqualTo(topics.name(QuellTopic.ALERTS));
      assertThat(letter.stage()).isEqualTo("correlate.decode-alerts");
      assertThat(letter.value()).isEqualTo(garbage);
    } finally {
      job.cancel().get();
    }
  }

  private static Set<String> fingerprints(Incident incident) {
    return incident.getAlerts().stream()
        .map(MemberAlert::getFingerprint)
        .collect(Collectors.toSet());
  }

  private static Map<String, Object> consumerConfig(QuellStack stack, String group) {
    Map<String, Object> config = new HashMap<>(stack.kafkaClientProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return config;
  }

  private static Map<String, Incident> readIncidentsUntil(
      QuellStack stack,
      Topics topics,
      SchemaRegistryOptions registry,
      java.util.function.Predicate<Map<String, Incident>> done) {
    Map<String, Incident> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, Incident> consumer =
        new KafkaConsumer<>(
            consumerConfig(stack, "correlate-it-incidents-" + System.nanoTime()),
            new StringDeserializer(),
            QuellTopic.INCIDENTS.valueSerde(registry).deserializer())) {
      consumer.subscribe(List.of(topics.name(QuellTopic.INCIDENTS)));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!done.test(latest) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Incident> record : consumer.poll(Duration.ofMillis(500))) {
          assertThat(record.key()).isEqualTo(record.value().getId());
          Incident previous = latest.get(record.key());
          if (previous == null || previous.getVersion() < record.value().getVersion()) {
            latest.put(record.key(), record.value());
          }
        }
      }
    }
    assertThat(done.test(latest)).as("incidents read back: %s", latest.values()).isTrue();
    return latest;
  }

  private static DeadLetter readOneDeadLetter(QuellStack stack, Topics topics) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig(stack, "correlate-it-dlq-" + System.nanoTime()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topics.name(QuellTopic.DLQ)));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          return DeadLetter.fromRecord(record);
        }
      }
    }
    throw new AssertionError("no dead letter within " + TIMEOUT);
  }
}
