/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.streams;

import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.runbook.RunbookEngine;
import io.quell.remediate.runbook.RunbookRule;
import io.quell.remediate.runbook.Runbooks;
import io.quell.schemas.avro.ActionResult;
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
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The runbook engine: quell.incidents, quell.approvals and the failed deliveries of
 * quell.action-results in, quell.actions and quell.action-results out, with exactly_once_v2. What
 * it decides is {@link RunbookEngine}'s (rules fire once per episode of an incident, steps in order
 * with guards, approvals and verification); this class wires it to Kafka.
 *
 * <p>The inputs are first repartitioned into one partition (internal topics {@code <application
 * id>-runbook-incidents-repartition}, {@code ...-runbook-approvals-repartition} and {@code
 * ...-runbook-results-repartition}), so that one task sees every incident: the budget per service
 * and the circuit breaker count across all incidents, not per partition. The engine runs on one
 * thread at a time therefore; incidents are few (tens per second in a storm), which one thread
 * handles easily.
 *
 * <p>State (all changelogged, updated in the transaction of the input offsets and the outputs):
 *
 * <ul>
 *   <li>{@value #NOTIFIED_STORE}: {@code <rule>/<incident id>} → last seen (8 bytes) while an
 *       episode is open; about 100 bytes plus the id with RocksDB and changelog overhead;
 *   <li>{@value #PROGRESS_STORE}: same key → the episode's progress as JSON (about 120 bytes);
 *   <li>{@value #GUARDS_STORE}: {@code open/<incident>}, {@code cooldown/<incident>/<step>}, {@code
 *       budget/<n>:<service>/<slot>} → a long (at most budget slots per service, each the time of
 *       an automatic step within the sliding 60-minute window), {@code
 *       held/<n>:<incident>/<version>/<action id>} → when the breaker held the step (until it
 *       closes) and {@code breaker-open} → since when;
 *   <li>{@value #APPROVALS_STORE}: action id → the held step as JSON (about 200 bytes);
 *   <li>{@value #INCIDENTS_STORE}: {@code <rule>/<incident id>} → the latest incident version (its
 *       Avro size, typically 1-5 KB), only while a later step waits.
 * </ul>
 *
 * Entries go when the incident reaches its last version (CLOSED or merged), and by the purge
 * punctuation once not refreshed for {@code quell.remediate.notified.ttl.ms}.
 */
public final class RunbookTopology {

  /** Name of the state store of the open episodes, per rule and incident. */
  public static final String NOTIFIED_STORE = "notified-incidents";

  /** Name of the state store of the episodes' progress. */
  public static final String PROGRESS_STORE = "runbook-progress";

  /** Name of the state store of cooldowns, budgets and open incidents. */
  public static final String GUARDS_STORE = "runbook-guards";

  /** Name of the state store of the steps waiting for approval, by action id. */
  public static final String APPROVALS_STORE = "pending-approvals";

  /** Name of the state store of the incident versions later steps are rendered from. */
  public static final String INCIDENTS_STORE = "runbook-incidents";

  private static final String PROCESSOR_NAME = "runbook-rules";

  private RunbookTopology() {}

  /**
   * What the engine does, independent of Kafka.
   *
   * @param rules the rules, each fired at most once per episode of an incident
   * @param notifiedTtl how long state about an incident is kept after its last version seen
   * @param purgeInterval how often forgotten incidents are purged (wall-clock time)
   * @param guards cooldown, budget, breaker and approval timeout
   * @param tickInterval how often verification and approval deadlines are checked (wall clock)
   */
  public record Settings(
      List<RunbookRule> rules,
      Duration notifiedTtl,
      Duration purgeInterval,
      RunbookEngine.Guards guards,
      Duration tickInterval) {
    public Settings {
      rules = List.copyOf(rules);
      Objects.requireNonNull(notifiedTtl, "notifiedTtl");
      Objects.requireNonNull(guards, "guards");
      if (purgeInterval.isZero() || purgeInterval.isNegative()) {
        throw new IllegalArgumentException("purgeInterval must be positive: " + purgeInterval);
      }
      if (tickInterval.isZero() || tickInterval.isNegative()) {
        throw new IllegalArgumentException("tickInterval must be positive: " + tickInterval);
      }
    }

    public Settings(List<RunbookRule> rules, Duration notifiedTtl, Duration purgeInterval) {
      this(rules, notifiedTtl, purgeInterval, RunbookEngine.Guards.none(), Duration.ofSeconds(1));
    }

    public static Settings fromConfig(Map<String, ?> config) {
      return new Settings(
          Runbooks.fromConfig(config),
          RemediateOptions.NOTIFIED_TTL.read(config),
          RemediateOptions.NOTIFIED_PURGE_INTERVAL.read(config),
          RemediateOptions.guards(config),
          RemediateOptions.RUNBOOK_TICK.read(config));
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
        QuellTopic.ACTION_RESULTS.valueSerde(registry),
        metrics);
  }

  /** The topology over the given topics and serdes. */
  public static Topology build(
      Topics topics,
      Settings settings,
      Serde<Incident> incidentSerde,
      Serde<RemediationAction> actionSerde,
      Serde<ActionResult> resultSerde,
      RemediationMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, Object> incidents =
        builder.stream(
                topics.name(QuellTopic.INCIDENTS),
                Consumed.with(Serdes.String(), incidentSerde).withName("read-incidents"))
            .repartition(
                Repartitioned.<String, Incident>as("runbook-incidents")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(incidentSerde)
                    .withNumberOfPartitions(1))
            .mapValues(incident -> (Object) incident, Named.as("incident-input"));
    KStream<String, Object> approvals =
        builder.stream(
                topics.name(QuellTopic.APPROVALS),
                Consumed.with(Serdes.String(), Serdes.String()).withName("read-approvals"))
            .repartition(
                Repartitioned.<String, String>as("runbook-approvals")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(Serdes.String())
                    .withNumberOfPartitions(1))
            .mapValues(
                (actionId, json) ->
                    json == null
                        ? null
                        : (Object) new RunbookProcessor.ApprovalInput(actionId, json),
                Named.as("approval-input"));
    // The dispatcher's results, of which only failed deliveries matter (the engine's own results
    // come back here too, and are dropped by this filter or ignored by the engine).
    KStream<String, Object> failedDeliveries =
        builder.stream(
                topics.name(QuellTopic.ACTION_RESULTS),
                Consumed.with(Serdes.String(), resultSerde).withName("read-results"))
            .filter(
                (incidentId, result) ->
                    result != null
                        && result.getBreaker() == null
                        && RunbookEngine.deliveryFailed(result.getOutcome()),
                Named.as("only-failed-deliveries"))
            .repartition(
                Repartitioned.<String, ActionResult>as("runbook-results")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(resultSerde)
                    .withNumberOfPartitions(1))
            .mapValues(result -> (Object) result, Named.as("result-input"));
    KStream<String, SpecificRecord> outputs =
        incidents
            .merge(approvals, Named.as("runbook-inputs"))
            .merge(failedDeliveries, Named.as("runbook-inputs-and-results"))
            .process(new RulesSupplier(settings, incidentSerde, metrics), Named.as(PROCESSOR_NAME));
    outputs
        .filter((key, value) -> value instanceof RemediationAction, Named.as("only-actions"))
        .mapValues(value -> (RemediationAction) value, Named.as("as-actions"))
        .to(
            topics.name(QuellTopic.ACTIONS),
            Produced.with(Serdes.String(), actionSerde).withName("write-actions"));
    outputs
        .filter((key, value) -> value instanceof ActionResult, Named.as("only-results"))
        .mapValues(value -> (ActionResult) value, Named.as("as-results"))
        .to(
            topics.name(QuellTopic.ACTION_RESULTS),
            Produced.with(Serdes.String(), resultSerde).withName("write-results"));
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

  private record RulesSupplier(
      Settings settings, Serde<Incident> incidentSerde, RemediationMetrics metrics)
      implements ProcessorSupplier<String, Object, String, SpecificRecord> {

    @Override
    public Processor<String, Object, String, SpecificRecord> get() {
      return new RunbookProcessor(
          new RunbookEngine(settings.rules(), settings.guards(), metrics),
          settings.notifiedTtl(),
          settings.purgeInterval(),
          settings.tickInterval());
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
      StoreBuilder<KeyValueStore<String, Long>> notified =
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(NOTIFIED_STORE), Serdes.String(), Serdes.Long());
      StoreBuilder<KeyValueStore<String, String>> progress =
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(PROGRESS_STORE), Serdes.String(), Serdes.String());
      StoreBuilder<KeyValueStore<String, Long>> guards =
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(GUARDS_STORE), Serdes.String(), Serdes.Long());
      StoreBuilder<KeyValueStore<String, String>> approvals =
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(APPROVALS_STORE), Serdes.String(), Serdes.String());
      StoreBuilder<KeyValueStore<String, Incident>> incidents =
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(INCIDENTS_STORE), Serdes.String(), incidentSerde);
      return Set.of(notified, progress, guards, approvals, incidents);
    }
  }
}
