/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.flink.DecodeOrDeadLetter;
import io.quell.schemas.flink.RawKafkaRecord;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.topic.RecordKeys;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes records of quell.topology into {@link TopologyUpdate}s. Unlike {@link
 * DecodeOrDeadLetter}, which skips tombstones, it turns a tombstone into the removal of its key: on
 * a compacted topic that is how an edge is deleted. Undecodable records go to {@link
 * DecodeOrDeadLetter#DEAD_LETTERS}; an unreachable registry fails the task (retried from the last
 * checkpoint).
 */
public class DecodeTopologyUpdate extends ProcessFunction<RawKafkaRecord, TopologyUpdate> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DecodeTopologyUpdate.class);

  private final SchemaRegistryOptions registry;
  private final String stage;
  private transient AvroDeserializer<TopologyEdge> deserializer;

  public DecodeTopologyUpdate(SchemaRegistryOptions registry, String stage) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.stage = Objects.requireNonNull(stage, "stage");
  }

  @Override
  public void open(OpenContext openContext) {
    deserializer =
        AvroDeserializer.specific(TopologyEdge.class, SchemaRegistryClients.shared(registry));
  }

  @Override
  public void processElement(RawKafkaRecord raw, Context ctx, Collector<TopologyUpdate> out) {
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
      out.collect(new TopologyUpdate(key, null));
      return;
    }
    TopologyEdge edge;
    try {
      edge = deserializer.deserialize(raw.topic(), raw.value());
    } catch (MalformedRecordException e) {
      ctx.output(DecodeOrDeadLetter.DEAD_LETTERS, DecodeOrDeadLetter.deadLetter(raw, stage, e));
      return;
    }
    String ownKey = RecordKeys.topologyEdge(edge);
    if (key != null && !key.equals(ownKey)) {
      // Compaction and tombstones work by the record key, so that is what the state is keyed by.
      LOG.warn(
          "topology record keyed {} carries the edge {}; keeping it under its key", key, ownKey);
    }
    out.collect(new TopologyUpdate(key == null ? ownKey : key, edge));
  }
}
