/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.MalformedRecordException;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw Kafka records into Avro records; a record that cannot be decoded goes to the {@link
 * #DEAD_LETTERS} side output with where it came from and why, and the job goes on.
 *
 * <p>An unreachable schema registry is not the record's fault: that error is thrown, so the job
 * restarts from its last checkpoint and reads the record again, instead of dead-lettering good
 * records during an outage. Tombstones (null values) are skipped: a stream element cannot be null,
 * and jobs that care about deletions read the control topic themselves.
 *
 * @param <V> the Avro record type
 */
public class DecodeOrDeadLetter<V extends SpecificRecord> extends ProcessFunction<RawKafkaRecord, V>
    implements ResultTypeQueryable<V> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DecodeOrDeadLetter.class);

  /** Side output with the records that could not be decoded. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private final Class<V> type;
  private final SchemaRegistryOptions registry;
  private final String stage;
  private transient AvroDeserializer<V> deserializer;

  /**
   * @param stage names the failing stage in the dead letter, e.g. {@code detect.decode-metrics}
   */
  public DecodeOrDeadLetter(Class<V> type, SchemaRegistryOptions registry, String stage) {
    this.type = Objects.requireNonNull(type, "type");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.stage = Objects.requireNonNull(stage, "stage");
  }

  @Override
  public void open(OpenContext openContext) {
    deserializer = AvroDeserializer.specific(type, SchemaRegistryClients.shared(registry));
  }

  @Override
  public void processElement(RawKafkaRecord raw, Context ctx, Collector<V> out) {
    if (raw.value() == null) {
      return;
    }
    V value;
    try {
      value = deserializer.deserialize(raw.topic(), raw.value());
    } catch (MalformedRecordException e) {
      ctx.output(DEAD_LETTERS, deadLetter(raw, stage, e));
      return;
    }
    if (value != null) {
      out.collect(value);
    }
  }

  @Override
  public TypeInformation<V> getProducedType() {
    return TypeInformation.of(type);
  }

  /**
   * The dead letter for a raw record that could not be decoded, logged once; for every operator
   * that decodes raw records itself (those that must see tombstones, for example).
   */
  public static DeadLetter deadLetter(RawKafkaRecord raw, String stage, Exception error) {
    LOG.warn(
        "dead-lettering {}-{}@{}: {}",
        raw.topic(),
        raw.partition(),
        raw.offset(),
        error.getMessage());
    return DeadLetter.of(
        raw.topic(), raw.partition(), raw.offset(), raw.key(), raw.value(), stage, error);
  }
}
