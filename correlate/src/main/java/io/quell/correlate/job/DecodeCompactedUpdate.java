/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.schemas.flink.DecodeOrDeadLetter;
import io.quell.schemas.flink.RawKafkaRecord;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.MalformedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the records of a compacted topic (quell.topology, quell.silences) into updates keyed by
 * the record key. Unlike {@link DecodeOrDeadLetter}, which skips tombstones, it turns a tombstone
 * into the deletion of its key: on a compacted topic that is how an entry is deleted. Undecodable
 * records go to {@link DecodeOrDeadLetter#DEAD_LETTERS}; an unreachable registry fails the task
 * (retried from the last checkpoint).
 *
 * @param <V> the Avro value type
 * @param <U> the update type, built from a key and a value (null for a deletion)
 */
public abstract class DecodeCompactedUpdate<V extends SpecificRecord, U>
    extends ProcessFunction<RawKafkaRecord, U> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DecodeCompactedUpdate.class);

  private final SchemaRegistryOptions registry;
  private final String stage;
  private final Class<V> valueType;
  private transient AvroDeserializer<V> deserializer;

  protected DecodeCompactedUpdate(
      SchemaRegistryOptions registry, String stage, Class<V> valueType) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.stage = Objects.requireNonNull(stage, "stage");
    this.valueType = Objects.requireNonNull(valueType, "valueType");
  }

  /** The key the value itself would be published under. */
  protected abstract String keyOf(V value);

  /** The update for {@code key}: {@code value}, or its deletion when null. */
  protected abstract U update(String key, V value);

  @Override
  public void open(OpenContext openContext) {
    deserializer = AvroDeserializer.specific(valueType, SchemaRegistryClients.shared(registry));
  }

  @Override
  public void processElement(RawKafkaRecord raw, Context ctx, Collector<U> out) {
    String key = raw.key() == null ? null : new String(raw.key(), StandardCharsets.UTF_8);
    if (raw.value() == null) {
      if (key == null) {
        LOG.warn(
            "skipping a tombstone without key at {}-{}@{}",
            raw.topic(),
            raw.partition(),
            raw.offset());
        return;
      }
      out.collect(update(key, null));
      return;
    }
    V value;
    try {
      value = deserializer.deserialize(raw.topic(), raw.value());
    } catch (MalformedRecordException e) {
      ctx.output(DecodeOrDeadLetter.DEAD_LETTERS, DecodeOrDeadLetter.deadLetter(raw, stage, e));
      return;
    }
    String ownKey = keyOf(value);
    if (key != null && !key.equals(ownKey)) {
      // Compaction and tombstones work by the record key, so that is what the state is keyed by.
      LOG.warn("{} record keyed {} carries {}; keeping it under its key", raw.topic(), key, ownKey);
    }
    out.collect(update(key == null ? ownKey : key, value));
  }
}
