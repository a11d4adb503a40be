/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.testing;

import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.AvroSerializer;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes records to and reads records from the private topics of a test, as other stages do. */
public final class TopicClient implements AutoCloseable {

  private final QuellTestTopics topics;
  private final KafkaProducer<byte[], byte[]> producer;
  private final SchemaRegistryOptions registry;

  public TopicClient(QuellTestTopics topics) {
    this.topics = topics;
    this.registry = topics.registryOptions();
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.stack().bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Writes {@code value} to {@code topic}, keyed as the topic says, and waits for the ack. */
  public <V extends SpecificRecord> void send(QuellTopic<String, V> topic, V value) {
    String name = topics.topics().name(topic);
    byte[] bytes = new AvroSerializer<V>(registry).serialize(name, value);
    sendRaw(topic, topic.keyOf(value), bytes);
  }

  /** Writes raw bytes to {@code topic} (for undecodable records) and waits for the ack. */
  public void sendRaw(QuellTopic<?, ?> topic, String key, byte[] value) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topics.topics().name(topic), key.getBytes(StandardCharsets.UTF_8), value))
          .get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("could not write to " + topic, e);
    }
  }

  /**
   * Reads {@code topic} from the start (read_committed) for {@code wait} and returns every record,
   * raw.
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(QuellTopic<?, ?> topic, Duration wait) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.stack().bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topics.topics().name(topic)));
      long until = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < until) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** Reads {@code topic} like {@link #readAll} and decodes the values. */
  public <V extends SpecificRecord> List<V> readValues(QuellTopic<String, V> topic, Duration wait) {
    AvroDeserializer<V> reader = AvroDeserializer.specific(topic.valueType(), registry);
    List<V> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : readAll(topic, wait)) {
      values.add(reader.deserialize(record.topic(), record.value()));
    }
    return values;
  }

  @Override
  public void close() {
    producer.close();
  }
}
