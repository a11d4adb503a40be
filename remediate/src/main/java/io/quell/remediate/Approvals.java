/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate;

import io.quell.remediate.runbook.RunbookEngine;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes people's decisions on held runbook steps to quell.approvals (key: action id, value: the
 * decision as JSON), where the runbook engine reads them. Used by {@code quell actions
 * approve|reject} and by the service's {@code POST /actions/<id>/approve|reject}.
 */
public final class Approvals implements AutoCloseable {

  private final KafkaProducer<String, String> producer;
  private final String topic;

  /** A writer with the Kafka connection and topic names of {@code config}. */
  public Approvals(Map<String, ?> config) {
    Map<String, Object> props = new HashMap<>(RemediateOptions.kafkaConnection(config));
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    this.topic = Topics.fromConfig(config).name(QuellTopic.APPROVALS);
  }

  /** The topic decisions go to. */
  public String topic() {
    return topic;
  }

  /**
   * Writes {@code decision} and waits until Kafka acknowledged it.
   *
   * @throws IllegalStateException when Kafka did not acknowledge it within 30 s
   */
  public RecordMetadata publish(RunbookEngine.Decision decision) {
    try {
      return producer
          .send(new ProducerRecord<>(topic, decision.actionId(), decision.toJson()))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not write the decision to " + topic + ": " + e, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
