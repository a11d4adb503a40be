/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.testing;

import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import io.quell.stack.QuellStack;
import io.quell.stack.TopicSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test fixture shared by every module (through the schemas test-jar): a private set of Quell topics
 * on the shared stack. Tests share one stack per JVM, so each test gets its own topic prefix and
 * therefore its own topics and subjects.
 */
public final class QuellTestTopics {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final QuellStack stack;
  private final Topics topics;
  private final Map<String, Object> config;

  private QuellTestTopics(QuellStack stack, Topics topics, Map<String, Object> config) {
    this.stack = stack;
    this.topics = topics;
    this.config = config;
  }

  /**
   * Creates every Quell topic under a fresh prefix derived from {@code name} (e.g. {@code
   * detect-1.quell.alerts}) and returns the configuration that points components at them.
   */
  public static QuellTestTopics create(QuellStack stack, String name) {
    String prefix =
        name.replaceAll("[^a-zA-Z0-9-]", "-")
            + "-"
            + COUNTER.incrementAndGet()
            + "-"
            + ProcessHandle.current().pid()
            + ".";
    Map<String, Object> config = new HashMap<>();
    config.put(Topics.PREFIX.key(), prefix);
    config.put("bootstrap.servers", stack.bootstrapServers());
    config.put(SchemaRegistryOptions.URL.key(), stack.schemaRegistryUrl());
    Topics topics = Topics.fromConfig(config);
    stack.createTopics(
        topics.definitions().stream()
            .map(d -> new TopicSpec(d.name(), d.partitions(), d.compacted()))
            .toList());
    return new QuellTestTopics(stack, topics, config);
  }

  public Topics topics() {
    return topics;
  }

  /**
   * Connection and topic settings for a component under test: {@code bootstrap.servers}, {@code
   * schema.registry.url} and {@code quell.topic.prefix}. A mutable copy: add the component's own.
   */
  public Map<String, Object> config() {
    return new HashMap<>(config);
  }

  public QuellStack stack() {
    return stack;
  }

  public SchemaRegistryOptions registryOptions() {
    return SchemaRegistryOptions.fromMap(config);
  }

  /**
   * Sends {@code values} to this set's {@code topic} in order, with an idempotent producer, keyed
   * as Quell keys them, and returns once Kafka has acknowledged every one (a failed send fails the
   * test instead of showing up later as missing output).
   *
   * @param eventTime each value's Kafka timestamp, or null to leave it to the producer's clock
   */
  public <V> void send(QuellTopic<?, V> topic, List<V> values, Function<V, Instant> eventTime)
      throws Exception {
    String name = topics.name(topic);
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            producerConfig(),
            new StringSerializer(),
            topic.valueSerde(registryOptions()).serializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (V value : values) {
        Long timestamp = eventTime == null ? null : eventTime.apply(value).toEpochMilli();
        sent.add(
            producer.send(new ProducerRecord<>(name, null, timestamp, topic.keyOf(value), value)));
      }
      producer.flush();
      for (Future<RecordMetadata> result : sent) {
        result.get();
      }
    }
  }

  /** Sends one record of raw bytes (a malformed record, say) to {@code topic} and waits for it. */
  public void sendRaw(String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> producerConfig = new HashMap<>(stack.kafkaClientProperties());
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return producerConfig;
  }
}
