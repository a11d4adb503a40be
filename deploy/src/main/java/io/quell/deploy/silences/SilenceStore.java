/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.silences;

import io.quell.schemas.avro.Silence;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The silences on the compacted {@code quell.silences} topic: key = silence id, value = {@link
 * Silence} (Avro, Confluent wire format), a tombstone deletes one. Reads the whole topic to know
 * the current silences; writes one record per change and waits for the broker's acknowledgement.
 */
public final class SilenceStore {
  private final Map<String, ?> config;
  private final String topic;
  private final Serde<Silence> serde;

  public SilenceStore(Map<String, ?> config) {
    this.config = config;
    this.topic = Topics.fromConfig(config).name(QuellTopic.SILENCES);
    this.serde = QuellTopic.SILENCES.valueSerde(SchemaRegistryOptions.fromMap(config));
  }

  public String topic() {
    return topic;
  }

  /** Writes {@code silence} under its id (creating or replacing it). */
  public void put(Silence silence) {
    send(silence.getId(), silence);
  }

  /** Writes a tombstone for {@code id}: the silence is deleted. */
  public void delete(String id) {
    send(id, null);
  }

  private void send(String key, Silence value) {
    Properties props = clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<String, Silence> producer =
        new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Could not write silence " + key + " to " + topic + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not write silence " + key + " to " + topic + ": " + e.getMessage(), e);
    }
  }

  /** The current silences by id: the topic read to its end, tombstones applied. */
  public Map<String, Silence> current() {
    Properties props = clientProperties();
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Silence> silences = new TreeMap<>();
    try (KafkaConsumer<String, Silence> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null) {
        return silences;
      }
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!reachedEnd(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " to its end in 60 s");
        }
        for (ConsumerRecord<String, Silence> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            silences.remove(record.key());
          } else {
            silences.put(record.key(), record.value());
          }
        }
      }
    }
    return silences;
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, Silence> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private Properties clientProperties() {
    Properties props = new Properties();
    config.forEach(
        (key, value) -> {
          if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
            props.put(key, String.valueOf(value));
          }
        });
    Object servers = config.get("bootstrap.servers");
    if (servers == null) {
      throw new IllegalArgumentException(
          "bootstrap.servers is not set (use --config, --set bootstrap.servers=… or --local)");
    }
    props.put("bootstrap.servers", String.valueOf(servers));
    return props;
  }
}
