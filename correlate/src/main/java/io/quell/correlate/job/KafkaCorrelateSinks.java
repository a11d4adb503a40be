/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.correlate.CorrelateOptions;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.flink.AvroKafkaRecordSerializationSchema;
import io.quell.schemas.flink.DeadLetterRecordSerializationSchema;
import io.quell.schemas.flink.KafkaConnectors;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Writes incidents to quell.incidents (keyed by incident id) and dead letters to quell.dlq, both
 * exactly once: in Kafka transactions committed with Flink's checkpoints. Transactional ids derive
 * from the consumer group, which is unique per correlate job.
 */
public final class KafkaCorrelateSinks implements CorrelateSinks {

  private final String bootstrapServers;
  private final Topics topics;
  private final SchemaRegistryOptions registry;
  private final CorrelateOptions options;
  private final Map<String, String> clientProperties;

  public KafkaCorrelateSinks(
      String bootstrapServers,
      Topics topics,
      SchemaRegistryOptions registry,
      CorrelateOptions options,
      Map<String, String> clientProperties) {
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.registry = registry;
    this.options = options;
    this.clientProperties = Map.copyOf(clientProperties);
  }

  @Override
  public void incidents(DataStream<Incident> incidents) {
    incidents
        .sinkTo(
            KafkaConnectors.exactlyOnceSink(
                bootstrapServers,
                options.groupId() + "-incidents",
                AvroKafkaRecordSerializationSchema.forTopic(QuellTopic.INCIDENTS, topics, registry),
                clientProperties))
        .uid("correlate-incidents-sink")
        .name("quell.incidents sink");
  }

  @Override
  public void deadLetters(DataStream<DeadLetter> deadLetters) {
    deadLetters
        .sinkTo(
            KafkaConnectors.exactlyOnceSink(
                bootstrapServers,
                options.groupId() + "-dlq",
                DeadLetterRecordSerializationSchema.forTopics(topics),
                clientProperties))
        .uid("correlate-dlq-sink")
        .name("quell.dlq sink");
  }
}
