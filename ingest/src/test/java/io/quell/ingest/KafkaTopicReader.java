/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest;

import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads a Quell topic back from the beginning, as a downstream reader would (read_committed). */
public final class KafkaTopicReader {

  private KafkaTopicReader() {}

  /**
   * Reads {@code topic} until {@code expected} records arrived, then for {@code settle} more to
   * catch records that should not be there.
   */
  public static <V> List<ConsumerRecord<String, V>> read(
      Map<String, Object> config,
      QuellTopic<String, V> topic,
      int expected,
      Duration timeout,
      Duration settle) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"));
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    SchemaRegistryOptions registry = SchemaRegistryOptions.fromMap(config);
    String name = Topics.fromConfig(config).name(topic);
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            props, topic.keySerde().deserializer(), topic.valueSerde(registry).deserializer())) {
      consumer.subscribe(List.of(name));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      long settleUntil = System.nanoTime() + settle.toNanos();
      while (System.nanoTime() < settleUntil) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  /** {@link #read} with a 30 s timeout and 500 ms to settle. */
  public static <V> List<ConsumerRecord<String, V>> read(
      Map<String, Object> config, QuellTopic<String, V> topic, int expected) {
    return read(config, topic, expected, Duration.ofSeconds(30), Duration.ofMillis(500));
  }
}
