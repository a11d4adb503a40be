/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.correlate.CorrelateOptions;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.flink.DecodeOrDeadLetter;
import io.quell.schemas.flink.KafkaConnectors;
import io.quell.schemas.flink.RawKafkaRecord;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Reads quell.alerts, quell.topology and quell.silences with the shared Kafka connectors
 * (read_committed), decodes them, and collects what cannot be decoded as dead letters.
 *
 * <p>The topology and silence sources never commit offsets, so that a job started without state (no
 * checkpoint or savepoint to restore) always reads the compacted topics from the beginning; with
 * state, the broadcast state already holds the edges and silences and the sources resume from their
 * checkpoint.
 */
public final class KafkaCorrelateSources implements CorrelateSources {

  private final String bootstrapServers;
  private final Topics topics;
  private final SchemaRegistryOptions registry;
  private final CorrelateOptions options;
  private final Map<String, String> clientProperties;
  private final List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();

  public KafkaCorrelateSources(
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
  public DataStream<Alert> alerts(StreamExecutionEnvironment env) {
    KafkaSource<RawKafkaRecord> source =
        KafkaConnectors.rawSource(
            bootstrapServers, options.groupId(), clientProperties, topics.name(QuellTopic.ALERTS));
    SingleOutputStreamOperator<Alert> decoded =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "quell.alerts source")
            .uid("correlate-alerts-source")
            .process(new DecodeOrDeadLetter<>(Alert.class, registry, "correlate.decode-alerts"))
            .uid("correlate-decode-alerts")
            .name("decode alerts");
    deadLetters.add(decoded.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS));
    return decoded;
  }

  @Override
  public DataStream<TopologyUpdate> topologyUpdates(StreamExecutionEnvironment env) {
    return compactedUpdates(
        env,
        QuellTopic.TOPOLOGY,
        "topology",
        new DecodeTopologyUpdate(registry, "correlate.decode-topology"));
  }

  @Override
  public DataStream<SilenceUpdate> silenceUpdates(StreamExecutionEnvironment env) {
    return compactedUpdates(
        env,
        QuellTopic.SILENCES,
        "silences",
        new DecodeSilenceUpdate(registry, "correlate.decode-silences"));
  }

  /**
   * A compacted topic read from its start by a consumer group of its own ({@code <group>-<name>},
   * offsets not committed: the whole topic is state) and decoded into updates. Operator ids are
   * {@code correlate-<name>-source} and {@code correlate-decode-<name>}, kept stable for
   * savepoints.
   */
  private <U> DataStream<U> compactedUpdates(
      StreamExecutionEnvironment env,
      QuellTopic<?, ?> topic,
      String name,
      DecodeCompactedUpdate<?, U> decoder) {
    Map<String, String> properties = new HashMap<>(clientProperties);
    properties.put("commit.offsets.on.checkpoint", "false");
    KafkaSource<RawKafkaRecord> source =
        KafkaConnectors.rawSource(
            bootstrapServers, options.groupId() + "-" + name, properties, topics.name(topic));
    // One partition, one reader: a single decoder keeps the updates in their topic order.
    SingleOutputStreamOperator<U> decoded =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "quell." + name + " source")
            .uid("correlate-" + name + "-source")
            .setParallelism(1)
            .process(decoder)
            .uid("correlate-decode-" + name)
            .name("decode " + name)
            .setParallelism(1);
    deadLetters.add(decoded.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS));
    return decoded;
  }

  @Override
  public List<DataStream<DeadLetter>> deadLetters() {
    return List.copyOf(deadLetters);
  }
}
