/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroSerializer;
import io.quell.schemas.topic.KeyFunction;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns Avro records into Kafka records for Flink's KafkaSink: the key is the UTF-8 string the key
 * function computes from the value (so the producer's partitioner places equal keys on one
 * partition, as every other producer of the topic does), the value is in the Confluent wire format,
 * and the Kafka timestamp is the element's Flink timestamp, which is its event time.
 */
public class AvroKafkaRecordSerializationSchema<V extends SpecificRecord>
    implements KafkaRecordSerializationSchema<V> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final KeyFunction<V> keyFunction;
  private final SchemaRegistryOptions options;
  private transient AvroSerializer<V> serializer;

  public AvroKafkaRecordSerializationSchema(
      String topic, KeyFunction<V> keyFunction, SchemaRegistryOptions options) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.keyFunction = Objects.requireNonNull(keyFunction, "keyFunction");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Writes to the configured name of {@code topic}, keyed as the topic defines. */
  public static <V extends SpecificRecord> AvroKafkaRecordSerializationSchema<V> forTopic(
      QuellTopic<String, V> topic, Topics topics, SchemaRegistryOptions options) {
    return new AvroKafkaRecordSerializationSchema<>(
        topics.name(topic), topic.keyFunction(), options);
  }

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    serializer();
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      V element, KafkaSinkContext context, Long timestamp) {
    String key = keyFunction.apply(element);
    return new ProducerRecord<>(
        topic,
        null,
        timestamp,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        serializer().serialize(topic, element));
  }

  public String topic() {
    return topic;
  }

  private AvroSerializer<V> serializer() {
    if (serializer == null) {
      serializer =
          new AvroSerializer<>(
              SchemaRegistryClients.shared(options), options.autoRegister(), false);
    }
    return serializer;
  }
}
