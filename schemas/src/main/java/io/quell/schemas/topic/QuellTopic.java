/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.topic;

import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogTemplate;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.registry.SchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroSerde;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of Quell and what travels on them: key and value types and formats, how the key is
 * computed from the value, the default name, partition count and cleanup policy. The names actually
 * used come from configuration, see {@link Topics}; a topic is referred to by its constant here,
 * never by a name string.
 *
 * <p>Keys are plain UTF-8 strings; values are Avro in the Confluent wire format, except for the
 * dead letters (raw bytes as they were read) and the simulator's ground truth (JSON bytes).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class QuellTopic<K, V> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How a key or value is encoded. */
  public enum Format {
    /** UTF-8 text, Kafka's StringSerde. */
    STRING,
    /** Bytes as they are, Kafka's ByteArraySerde. */
    BYTES,
    /** Avro in the Confluent wire format, {@link AvroSerde}. */
    AVRO
  }

  public static final QuellTopic<String, LogEvent> LOGS =
      avro("logs", LogEvent.class, LogEvent::getService, 4, false, "Log events, keyed by service.");

  public static final QuellTopic<String, MetricPoint> METRICS =
      avro(
          "metrics",
          MetricPoint.class,
          RecordKeys::seriesId,
          4,
          false,
          "Metric samples, keyed by series id (RecordKeys.seriesId).");

  public static final QuellTopic<String, Alert> ALERTS =
      avro(
          "alerts",
          Alert.class,
          Alert::getFingerprint,
          4,
          false,
          "Alerts from detectors and external sources, keyed by fingerprint.");

  public static final QuellTopic<String, Incident> INCIDENTS =
      avro(
          "incidents",
          Incident.class,
          Incident::getId,
          2,
          false,
          "Incident versions, keyed by incident id.");

  public static final QuellTopic<String, RemediationAction> ACTIONS =
      avro(
          "actions",
          RemediationAction.class,
          RemediationAction::getIncidentId,
          2,
          false,
          "Remediation actions to dispatch, keyed by incident id (co-partitioned with incidents).");

  public static final QuellTopic<String, ActionResult> ACTION_RESULTS =
      avro(
          "action-results",
          ActionResult.class,
          ActionResult::getIncidentId,
          2,
          false,
          "Outcomes of remediation actions, keyed by incident id (co-partitioned with incidents).");

  public static final QuellTopic<String, Silence> SILENCES =
      avro(
          "silences",
          Silence.class,
          Silence::getId,
          1,
          true,
          "Silences and maintenance windows, keyed by silence id; a tombstone deletes one.");

  public static final QuellTopic<String, TopologyEdge> TOPOLOGY =
      avro(
          "topology",
          TopologyEdge.class,
          RecordKeys::topologyEdge,
          1,
          true,
          "Service dependencies, keyed by caller->callee; a tombstone removes an edge.");

  public static final QuellTopic<String, LogTemplate> TEMPLATES =
      avro(
          "templates",
          LogTemplate.class,
          RecordKeys::template,
          2,
          true,
          "Mined log templates, keyed by service/templateId.");

  public static final QuellTopic<byte[], byte[]> DLQ =
      new QuellTopic<>(
          "dlq",
          byte[].class,
          Format.BYTES,
          byte[].class,
          Format.BYTES,
          null,
          1,
          false,
          "Dead letters: records that could not be processed, key and value as they were read,"
              + " with headers saying where they came from and why (DeadLetterHeaders).");

  public static final QuellTopic<String, String> APPROVALS =
      new QuellTopic<>(
          "approvals",
          String.class,
          Format.STRING,
          String.class,
          Format.STRING,
          null,
          1,
          false,
          "People's decisions on runbook steps that need approval (JSON), keyed by action id.");

  public static final QuellTopic<String, byte[]> GROUND_TRUTH =
      new QuellTopic<>(
          "ground-truth",
          String.class,
          Format.STRING,
          byte[].class,
          Format.BYTES,
          null,
          1,
          false,
          "The simulator's labels of what it injected (JSON), for scoring detection.");

  private static final List<QuellTopic<?, ?>> ALL =
      List.of(
          LOGS,
          METRICS,
          ALERTS,
          INCIDENTS,
          ACTIONS,
          ACTION_RESULTS,
          APPROVALS,
          SILENCES,
          TOPOLOGY,
          TEMPLATES,
          DLQ,
          GROUND_TRUTH);

  private final String id;
  private final Class<K> keyType;
  private final Format keyFormat;
  private final Class<V> valueType;
  private final Format valueFormat;
  private final KeyFunction<V> keyFunction;
  private final int defaultPartitions;
  private final boolean compacted;
  private final String description;

  private QuellTopic(
      String id,
      Class<K> keyType,
      Format keyFormat,
      Class<V> valueType,
      Format valueFormat,
      KeyFunction<V> keyFunction,
      int defaultPartitions,
      boolean compacted,
      String description) {
    this.id = id;
    this.keyType = keyType;
    this.keyFormat = keyFormat;
    this.valueType = valueType;
    this.valueFormat = valueFormat;
    this.keyFunction = keyFunction;
    this.defaultPartitions = defaultPartitions;
    this.compacted = compacted;
    this.description = description;
  }

  private static <V extends SpecificRecord> QuellTopic<String, V> avro(
      String id,
      Class<V> valueType,
      KeyFunction<V> keyFunction,
      int partitions,
      boolean compacted,
      String description) {
    return new QuellTopic<>(
        id,
        String.class,
        Format.STRING,
        valueType,
        Format.AVRO,
        keyFunction,
        partitions,
        compacted,
        description);
  }

  /** Every Quell topic, in the order of the data flow. */
  public static List<QuellTopic<?, ?>> all() {
    return ALL;
  }

  /** The topic with this {@link #id()}. */
  public static Optional<QuellTopic<?, ?>> byId(String id) {
    return ALL.stream().filter(topic -> topic.id.equals(id)).findFirst();
  }

  /** Short stable id, for example {@code alerts} or {@code action-results}. */
  public String id() {
    return id;
  }

  /** The name used when configuration sets none, for example {@code quell.alerts}. */
  public String defaultName() {
    return "quell." + id;
  }

  /** The configuration key that overrides the name, for example {@code quell.topic.alerts}. */
  public String nameConfigKey() {
    return Topics.CONFIG_PREFIX + id;
  }

  /** The configuration key that overrides the partition count. */
  public String partitionsConfigKey() {
    return Topics.CONFIG_PREFIX + id + ".partitions";
  }

  public Class<K> keyType() {
    return keyType;
  }

  public Format keyFormat() {
    return keyFormat;
  }

  public Class<V> valueType() {
    return valueType;
  }

  public Format valueFormat() {
    return valueFormat;
  }

  public int defaultPartitions() {
    return defaultPartitions;
  }

  /** Whether the topic is compacted (cleanup.policy=compact): the latest value per key is kept. */
  public boolean compacted() {
    return compacted;
  }

  public String description() {
    return description;
  }

  /** Whether the key can be computed from the value ({@link #keyOf}). */
  public boolean hasKeyFunction() {
    return keyFunction != null;
  }

  /**
   * How the key is computed from the value.
   *
   * @throws IllegalStateException for topics without one (dead letters, ground truth)
   */
  public KeyFunction<V> keyFunction() {
    if (keyFunction == null) {
      throw new IllegalStateException(
          "Topic " + id + " has no key function: its keys are not derived from its values");
    }
    return keyFunction;
  }

  /** The record key for {@code value}. */
  public String keyOf(V value) {
    return keyFunction().apply(value);
  }

  /** The Avro schema of the values, or empty for topics whose values are not Avro. */
  public Optional<Schema> valueSchema() {
    return valueFormat == Format.AVRO
        ? Optional.of(SpecificData.get().getSchema(valueType))
        : Optional.empty();
  }

  /** The serde of the keys; needs no registry. */
  @SuppressWarnings("unchecked")
  public Serde<K> keySerde() {
    return (Serde<K>) plainSerde(keyFormat, keyType);
  }

  /** The serde of the values, over the shared registry client for {@code options}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Serde<V> valueSerde(SchemaRegistryOptions options) {
    Objects.requireNonNull(options, "options");
    if (valueFormat == Format.AVRO) {
      return (Serde<V>) AvroSerde.specific((Class) valueType, options);
    }
    return (Serde<V>) plainSerde(valueFormat, valueType);
  }

  /** The serde of the values, over {@code registry}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Serde<V> valueSerde(SchemaRegistryClient registry, boolean autoRegister) {
    Objects.requireNonNull(registry, "registry");
    if (valueFormat == Format.AVRO) {
      return (Serde<V>) AvroSerde.specific((Class) valueType, registry, autoRegister, false);
    }
    return (Serde<V>) plainSerde(valueFormat, valueType);
  }

  private static Serde<?> plainSerde(Format format, Class<?> type) {
    return switch (format) {
      case STRING -> Serdes.String();
      case BYTES -> Serdes.ByteArray();
      case AVRO -> throw new IllegalStateException("Avro " + type.getName() + " needs a registry");
    };
  }

  // Deserialized copies (Flink ships functions by Java serialization) become the constant again,
  // so that identity comparisons and map lookups by topic keep working.
  private Object readResolve() throws ObjectStreamException {
    return byId(id).orElseThrow(() -> new InvalidObjectException("unknown topic " + id));
  }

  @Override
  public String toString() {
    return "QuellTopic[" + id + "]";
  }
}
