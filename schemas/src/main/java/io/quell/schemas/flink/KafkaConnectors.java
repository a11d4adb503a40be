/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafka sources and sinks every Quell Flink job uses, configured the same way everywhere:
 * sources read committed records only and start from the group's committed offsets (earliest on the
 * first run); sinks write in Kafka transactions committed with Flink's checkpoints.
 */
public final class KafkaConnectors {
  /**
   * Kafka's default transaction timeout (15 min) must cover the longest checkpoint interval plus a
   * restart; the broker's transaction.max.timeout.ms must allow it.
   */
  public static final String TRANSACTION_TIMEOUT_MS = String.valueOf(15 * 60 * 1000);

  private KafkaConnectors() {}

  /**
   * A source of undecoded records (decode them with {@link DecodeOrDeadLetter}).
   *
   * @param clientProperties extra Kafka consumer settings (security, timeouts); may be empty
   */
  public static KafkaSource<RawKafkaRecord> rawSource(
      String bootstrapServers,
      String groupId,
      Map<String, String> clientProperties,
      String... topics) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.setProperty("isolation.level", "read_committed");
    return KafkaSource.<RawKafkaRecord>builder()
        .setBootstrapServers(bootstrapServers)
        .setGroupId(groupId)
        .setTopics(topics)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new RawKafkaRecordDeserializationSchema())
        .setProperties(props)
        .build();
  }

  /**
   * An exactly-once sink: records become visible to read_committed readers when the checkpoint that
   * covers them completes.
   *
   * @param transactionalIdPrefix unique per job and sink, stable across restarts
   */
  public static <T> KafkaSink<T> exactlyOnceSink(
      String bootstrapServers,
      String transactionalIdPrefix,
      KafkaRecordSerializationSchema<T> serializer,
      Map<String, String> clientProperties) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.putIfAbsent("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrapServers)
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setKafkaProducerConfig(props)
        .build();
  }
}
