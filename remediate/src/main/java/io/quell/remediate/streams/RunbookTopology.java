/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.streams;

import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.runbook.RunbookRule;
import io.quell.remediate.runbook.Runbooks;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The runbook engine: quell.incidents in, quell.actions out. For every rule and incident it emits
 * the rule's actions once, for the first version of the incident that matches the rule, and never
 * again for later versions: the rules that fired are remembered in a changelogged state store, and
 * the application runs with exactly_once_v2, so a restart neither repeats nor loses an action.
 *
 * <p>State per incident that fired a rule: one entry in {@value #NOTIFIED_STORE}, key {@code
 * <rule>/<incident id>} (about 30 + length of the id bytes), value a long (8 bytes); with RocksDB
 * and changelog overhead roughly 100 bytes plus the id, for as long as the incident is updated and
 * {@code quell.remediate.notified.ttl.ms} after (see {@link RunbookProcessor}).
 */
public final class RunbookTopology {

  /** Name of the state store of the rules that fired, per incident. */
  public static final String NOTIFIED_STORE = "notified-incidents";

  private static final String PROCESSOR_NAME = "runbook-rules";

  private RunbookTopology() {}

  /**
   * What the engine does, independent of Kafka.
   *
   * @param rules the rules, each fired at most once per incident
   * @param notifiedTtl how long an incident that fired a rule is remembered after its last version
   * @param purgeInterval how often forgotten incidents are purged (wall-clock time)
   */
  public record Settings(List<RunbookRule> rules, Duration notifiedTtl, Duration purgeInterval) {
    public Settings {
      rules = List.copyOf(rules);
      Objects.requireNonNull(notifiedTtl, "notifiedTtl");
      if (purgeInterval.isZero() || purgeInterval.isNegative()) {
        throw new IllegalArgumentException("purgeInterval must be positive: " + purgeInterval);
      }
    }

    public static Settings fromConfig(Map<String, ?> config) {
      return new Settings(
          Runbooks.fromConfig(config),
          RemediateOptions.NOTIFIED_TTL.read(config),
          RemediateOptions.NOTIFIED_PURGE_INTERVAL.read(config));
    }
  }

  /** The topology with the topics, rules and schema registry of {@code config}. */
  public static Topology build(Map<String, ?> config, RemediationMetrics metrics) {
    SchemaRegistryOptions registry = SchemaRegistryOptions.fromMap(config);
    return build(
        Topics.fromConfig(config),
        Settings.fromConfig(config),
        QuellTopic.INCIDENTS.valueSerde(registry),
        QuellTopic.ACTIONS.valueSerde(registry),
        metrics);
  }

  /** The topology over the given topics and serdes. */
  public static Topology build(
      Topics topics,
      Settings settings,
      Serde<Incident> incidentSerde,
      Serde<RemediationAction> actionSerde,
      RemediationMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            topics.name(QuellTopic.INCIDENTS),
            Consumed.with(Serdes.String(), incidentSerde).withName("read-incidents"))
        .process(new RulesSupplier(settings, metrics), Named.as(PROCESSOR_NAME))
        .to(
            topics.name(QuellTopic.ACTIONS),
            Produced.with(Serdes.String(), actionSerde).withName("write-actions"));
    return builder.build();
  }

  /**
   * The Kafka Streams configuration of the engine: exactly_once_v2 (hence read_committed), the
   * dead-letter handlers, and the connection settings of {@code config}.
   */
  public static Properties streamsConfig(Map<String, ?> config, RemediationMetrics metrics) {
    Properties props = new Properties();
    props.putAll(RemediateOptions.kafkaConnection(config));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, RemediateOptions.APPLICATION_ID.read(config));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG, RemediateOptions.STREAM_THREADS.read(config));
    String stateDir = RemediateOptions.STATE_DIR.read(config);
    if (stateDir != null && !stateDir.isBlank()) {
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    }
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Deserialization.class);
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Processing.class);
    // The handlers read the topic names (for quell.dlq) from the Streams configuration.
    props.putAll(Topics.fromConfig(config).toConfig());
    props.put(DeadLetterHandlers.METRICS_CONFIG, metrics);
    return props;
  }

  private record RulesSupplier(Settings settings, RemediationMetrics metrics)
      implements ProcessorSupplier<String, Incident, String, RemediationAction> {

    @Override
    public Processor<String, Incident, String, RemediationAction> get() {
      return new RunbookProcessor(
          settings.rules(), settings.notifiedTtl(), settings.purgeInterval(), metrics);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
      StoreBuilder<KeyValueStore<String, Long>> store =
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(NOTIFIED_STORE), Serdes.String(), Serdes.Long());
      return Set.of(store);
    }
  }
}
