/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.MalformedRecordException;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink's view of {@link AvroDeserializer}: reads Confluent-wire-format payloads of one topic into
 * a generated class. The registry client is built on the task manager in {@link #open} (or on first
 * use). A payload that cannot be decoded raises {@link MalformedRecordException}.
 *
 * <p>The produced type is Flink's Avro type for the class, which needs {@code flink-avro} on the
 * job's classpath (without it Flink would fall back to Kryo for Avro records).
 */
public class AvroDeserializationSchema<T extends SpecificRecord>
    implements DeserializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final Class<T> type;
  private final SchemaRegistryOptions options;
  private transient AvroDeserializer<T> deserializer;

  public AvroDeserializationSchema(String topic, Class<T> type, SchemaRegistryOptions options) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.type = Objects.requireNonNull(type, "type");
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  public void open(InitializationContext context) {
    deserializer();
  }

  @Override
  public T deserialize(byte[] message) {
    return deserializer().deserialize(topic, message);
  }

  @Override
  public boolean isEndOfStream(T nextElement) {
    return false;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }

  private AvroDeserializer<T> deserializer() {
    if (deserializer == null) {
      deserializer = AvroDeserializer.specific(type, SchemaRegistryClients.shared(options));
    }
    return deserializer;
  }
}
