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
import io.quell.correlate.testing.TestSilences;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.time.Duration;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Silences on the real embedded stack: a silence published to quell.silences mutes the incident of
 * the alerts it matches, which still keeps them as members.
 */
@ExtendWith(QuellStackExtension.class)
class SuppressionKafkaIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void shouldMuteTheIncidentOfAlertsASilenceOnTheTopicMatches(QuellStack stack) throws Exception {
    QuellTestTopics testTopics = QuellTestTopics.create(stack, "suppress-it");
    Topics topics = testTopics.topics();
    Map<String, Object> config = testTopics.config();
    config.put(CorrelateOptions.GROUP_ID.key(), "suppress-it-" + ProcessHandle.current().pid());
    config.put(CorrelateOptions.OUT_OF_ORDERNESS.key(), "5000");
    config.put(CorrelateOptions.IDLENESS.key(), "2000");
    config.put(CorrelateOptions.TOPOLOGY_SETTLE.key(), "1000");
    config.put(CorrelateOptions.SILENCES_SETTLE.key(), "1000");
    SchemaRegistryOptions registry = SchemaRegistryOptions.fromMap(config);

    Silence silence =
        TestSilences.silence("maint-search", minutes(0), minutes(120), "service=search");
    testTopics.send(QuellTopic.SILENCES, List.of(silence), null);
    testTopics.send(
        QuellTopic.ALERTS,
        List.of(firing("muted", "search", minutes(7)), firing("loud", "checkout", minutes(7))),
        null);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(1000);
    CorrelateJob.addKafkaPipeline(env, config);
    JobClient job = env.executeAsync("suppress-it");
    try {
      Map<String, Incident> latest =
          readIncidentsUntil(
              stack,
              topics,
              registry,
              incidents ->
                  incidents.values().stream()
                          .anyMatch(incident -> fingerprints(incident).contains("muted"))
                      && incidents.values().stream()
                          .anyMatch(incident -> fingerprints(incident).contains("loud")));

      Incident muted =
          latest.values().stream()
              .filter(incident -> fingerprints(incident).contains("muted"))
              .findFirst()
              .orElseThrow();
      Incident loud =
          latest.values().stream()
              .filter(incident -> fingerprints(incident).contains("loud"))
              .findFirst()
              .orElseThrow();
      assertThat(muted.getSuppression()).isNotNull();
      assertThat(muted.getSuppression().getSilenceId()).isEqualTo("maint-search");
      assertThat(muted.getAlerts()).hasSize(1);
      assertThat(muted.getAlerts().get(0).getSuppression().getSilenceId())
          .isEqualTo("maint-search");
      assertThat(loud.getSuppression()).isNull();
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
}
