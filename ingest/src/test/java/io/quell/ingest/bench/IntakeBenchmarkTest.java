/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.ingest.http.IntakeServer;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmark against a real intake on the embedded Kafka. */
@ExtendWith(QuellStackExtension.class)
class IntakeBenchmarkTest {

  @ParameterizedTest
  @EnumSource(BenchFormat.class)
  void shouldCountOnlyRecordsThatKafkaHolds(BenchFormat format, QuellStack stack) throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "bench-" + format.label());
    Map<String, Object> config = topics.config();
    config.put("quell.ingest.port", 0);
    List<String> progress = new CopyOnWriteArrayList<>();
    IntakeBenchmark.Result result;
    try (IntakeServer intake = new IntakeServer(config)) {
      intake.start();
      result =
          IntakeBenchmark.run(
              new IntakeBenchmark.Settings(
                  intake.uri(),
                  format,
                  50,
                  500,
                  2,
                  Duration.ofMillis(500),
                  Duration.ofSeconds(2),
                  null),
              progress::add);
    }

    assertThat(result.failures()).isEmpty();
    assertThat(result.records()).isPositive().isEqualTo(result.requests() * 50);
    assertThat(result.recordsPerSecond()).isPositive();
    assertThat(result.latencyP99Millis()).isGreaterThanOrEqualTo(result.latencyP50Millis());
    assertThat(progress).anyMatch(line -> line.contains("records/s now"));
    // Warm-up and the answers after the deadline are sent but not counted: Kafka holds at least
    // what was counted, never less.
    assertThat(recordsIn(config, topics.topics().name(QuellTopic.METRICS)))
        .isGreaterThanOrEqualTo(result.records());
  }

  @Test
  void shouldBuildDistinctBodiesOfTheRequestedSize() {
    List<byte[]> bodies =
        BenchPayloads.build(BenchFormat.NDJSON, 3, 10, 7, 1, Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(bodies).hasSize(3);
    for (byte[] body : bodies) {
      assertThat(new String(body).lines()).hasSize(10).allMatch(line -> line.contains("\"value\""));
    }
    assertThat(bodies.get(0)).isNotEqualTo(bodies.get(1));
    assertThat(new String(BenchPayloads.build(BenchFormat.JSON, 1, 2, 2, 1, Instant.EPOCH).get(0)))
        .startsWith("[{")
        .endsWith("}]");
  }

  private static long recordsIn(Map<String, Object> config, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
