/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@link DeadLetter}s to the dead-letter topic for Flink's KafkaSink: key and value as they
 * were read, the dead-letter headers saying where from and why.
 */
public class DeadLetterRecordSerializationSchema
    implements KafkaRecordSerializationSchema<DeadLetter> {

  private static final long serialVersionUID = 1L;

  private final String topic;

  public DeadLetterRecordSerializationSchema(String topic) {
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /** Writes to the configured name of quell.dlq. */
  public static DeadLetterRecordSerializationSchema forTopics(Topics topics) {
    return new DeadLetterRecordSerializationSchema(topics.name(QuellTopic.DLQ));
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter element, KafkaSinkContext context, Long timestamp) {
    return element.toProducerRecord(topic);
  }

  public String topic() {
    return topic;
  }
}
