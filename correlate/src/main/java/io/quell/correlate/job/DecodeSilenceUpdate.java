/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.schemas.avro.Silence;
import io.quell.schemas.flink.DecodeOrDeadLetter;
import io.quell.schemas.flink.RawKafkaRecord;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.MalformedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes records of quell.silences into {@link SilenceUpdate}s. Unlike {@link DecodeOrDeadLetter},
 * which skips tombstones, it turns a tombstone into the deletion of its key: on a compacted topic
 * that is how a silence is deleted. Undecodable records go to {@link
 * DecodeOrDeadLetter#DEAD_LETTERS}; an unreachable registry fails the task (retried from the last
 * checkpoint).
 */
public class DecodeSilenceUpdate extends ProcessFunction<RawKafkaRecord, SilenceUpdate> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DecodeSilenceUpdate.class);

  private final SchemaRegistryOptions registry;
  private final String stage;
  private transient AvroDeserializer<Silence> deserializer;

  public DecodeSilenceUpdate(SchemaRegistryOptions registry, String stage) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.stage = Objects.requireNonNull(stage, "stage");
  }

  @Override
  public void open(OpenContext openContext) {
    deserializer = AvroDeserializer.specific(Silence.class, SchemaRegistryClients.shared(registry));
  }

  @Override
  public void processElement(RawKafkaRecord raw, Context ctx, Collector<SilenceUpdate> out) {
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
      out.collect(new SilenceUpdate(key, null));
      return;
    }
    Silence silence;
    try {
      silence = deserializer.deserialize(raw.topic(), raw.value());
    } catch (MalformedRecordException e) {
      ctx.output(DecodeOrDeadLetter.DEAD_LETTERS, DecodeOrDeadLetter.deadLetter(raw, stage, e));
      return;
    }
    String ownKey = silence.getId();
    if (key != null && !key.equals(ownKey)) {
      // Compaction and tombstones work by the record key, so that is what the state is keyed by.
      LOG.warn(
          "silence record keyed {} carries the silence {}; keeping it under its key", key, ownKey);
    }
    out.collect(new SilenceUpdate(key == null ? ownKey : key, silence));
  }
}
