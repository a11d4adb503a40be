/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import io.quell.remediate.ConsumerWorker;
import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.registry.SchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.AvroSerializer;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes quell.actions (read_committed), runs each action through the {@link ActionExecutor} and
 * writes its {@link ActionResult} to quell.action-results; a FAILED action also goes to quell.dlq
 * with the reason, an undecodable record goes there as it was read.
 *
 * <p>Per record, after the action ran, one Kafka transaction carries the result, any dead letter
 * and the consumer offset, so the offset is committed exactly when the result is written. The
 * request itself happens outside Kafka: a crash between the request and the commit sends the
 * request again after the restart, with the same idempotency key, which is what receivers
 * deduplicate by. A clean {@link #close()} finishes and commits the record in hand first.
 */
public final class ActionDispatcher extends ConsumerWorker {

  public static final String DECODE_STAGE = "remediate.dispatch.decode";
  public static final String FAILED_STAGE = "remediate.dispatch.failed";

  private static final Logger LOG = LoggerFactory.getLogger(ActionDispatcher.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  private final Map<String, Object> kafka;
  private final String groupId;
  private final String actionsTopic;
  private final String resultsTopic;
  private final String dlqTopic;
  private final AvroDeserializer<RemediationAction> actionReader;
  private final AvroSerializer<ActionResult> resultWriter;
  private final ActionExecutor executor;
  private final RemediationMetrics metrics;
  private final Duration maxPollInterval;

  /**
   * @param config the service configuration: Kafka connection, topics, schema registry, the
   *     application id (the consumer group is {@code <application id>-dispatcher}) and the dispatch
   *     timeouts
   * @param executor runs the actions
   */
  public ActionDispatcher(
      Map<String, ?> config, ActionExecutor executor, RemediationMetrics metrics) {
    super("dispatcher");
    this.kafka = RemediateOptions.kafkaConnection(config);
    this.groupId = RemediateOptions.APPLICATION_ID.read(config) + "-dispatcher";
    Topics topics = Topics.fromConfig(config);
    this.actionsTopic = topics.name(QuellTopic.ACTIONS);
    this.resultsTopic = topics.name(QuellTopic.ACTION_RESULTS);
    this.dlqTopic = topics.name(QuellTopic.DLQ);
    SchemaRegistryOptions registryOptions = SchemaRegistryOptions.fromMap(config);
    SchemaRegistryClient registry = SchemaRegistryClients.shared(registryOptions);
    this.actionReader = AvroDeserializer.specific(RemediationAction.class, registry);
    this.resultWriter = new AvroSerializer<>(registry, registryOptions.autoRegister(), false);
    this.executor = executor;
    this.metrics = metrics;
    // One record per poll, so the poll interval must cover one action's whole retry budget.
    this.maxPollInterval =
        RemediateOptions.DISPATCH_RETRY_DEADLINE
            .read(config)
            .plus(RemediateOptions.DISPATCH_REQUEST_TIMEOUT.read(config))
            .plus(Duration.ofMinutes(1));
    metrics.registerLag(name(), this::lag);
  }

  @Override
  protected void session() {
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer();
        KafkaProducer<byte[], byte[]> producer = newProducer()) {
      producer.initTransactions();
      consumer.subscribe(List.of(actionsTopic));
      state(State.RUNNING, "");
      while (running()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        updateLag(consumer, consumer.assignment());
        for (ConsumerRecord<byte[], byte[]> record : records) {
          List<ProducerRecord<byte[], byte[]>> outputs = handle(record);
          if (Thread.currentThread().isInterrupted()) {
            // Closed while the request was in flight: its outcome is unknown, so nothing is
            // committed and the next owner sends it again (same idempotency key).
            return;
          }
          commit(consumer, producer, record, outputs);
        }
      }
    }
  }

  private List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> record) {
    RemediationAction action;
    try {
      action = actionReader.deserialize(record.topic(), record.value());
    } catch (MalformedRecordException e) {
      LOG.warn(
          "Dead-lettering undecodable action {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      metrics.deadLetter(DECODE_STAGE);
      return List.of(DeadLetter.of(record, DECODE_STAGE, e).toProducerRecord(dlqTopic));
    }
    if (action == null) {
      return List.of();
    }
    ActionResult result = executor.execute(action);
    List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>(2);
    outputs.add(
        new ProducerRecord<>(
            resultsTopic,
            QuellTopic.ACTION_RESULTS.keyOf(result).getBytes(StandardCharsets.UTF_8),
            resultWriter.serialize(resultsTopic, result)));
    if (result.getOutcome() == ActionOutcome.FAILED) {
      metrics.deadLetter(FAILED_STAGE);
      outputs.add(
          DeadLetter.of(record, FAILED_STAGE, new ActionFailedException(result.getError()))
              .toProducerRecord(dlqTopic, record.headers()));
    }
    return outputs;
  }

  private void commit(
      KafkaConsumer<byte[], byte[]> consumer,
      KafkaProducer<byte[], byte[]> producer,
      ConsumerRecord<byte[], byte[]> record,
      List<ProducerRecord<byte[], byte[]>> outputs) {
    producer.beginTransaction();
    try {
      outputs.forEach(producer::send);
      producer.sendOffsetsToTransaction(
          Map.of(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1)),
          consumer.groupMetadata());
      producer.commitTransaction();
    } catch (KafkaException e) {
      // Fenced by a newer owner, a rebalance, a broker error: the session ends, and the next one
      // resumes from the last committed offset.
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw e;
    }
  }

  private KafkaConsumer<byte[], byte[]> newConsumer() {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    props.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        (int) Math.max(300_000, Math.min(Integer.MAX_VALUE, maxPollInterval.toMillis())));
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> newProducer() {
    Map<String, Object> props = new HashMap<>(kafka);
    // Zombie fencing goes by the consumer group's generation (sendOffsetsToTransaction with the
    // group metadata), so the transactional id only has to be unique.
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId + "-" + UUID.randomUUID());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The reason a dead letter of a failed action gives (the header names this class). */
  public static final class ActionFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ActionFailedException(String message) {
      super(message);
    }
  }
}
