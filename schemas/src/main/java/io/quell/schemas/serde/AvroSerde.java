/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.serde;

import io.quell.schemas.registry.SchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link AvroSerializer} and {@link AvroDeserializer} as one Kafka {@link Serde}, for Kafka
 * Streams. Built with the factories it is ready to use; built by Kafka from configuration (the
 * no-argument constructor) it is set up by {@link #configure}.
 */
public class AvroSerde<T extends IndexedRecord> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /** For Kafka, which calls {@link #configure} next. */
  public AvroSerde() {
    this(new AvroSerializer<>(), new AvroDeserializer<>());
  }

  private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
    this.serializer = serializer;
    this.deserializer = deserializer;
  }

  /** A value serde for the generated class {@code type}. */
  public static <T extends SpecificRecord> AvroSerde<T> specific(
      Class<T> type, SchemaRegistryOptions options) {
    SchemaRegistryClient registry = SchemaRegistryClients.shared(options);
    return specific(type, registry, options.autoRegister(), false);
  }

  public static <T extends SpecificRecord> AvroSerde<T> specific(
      Class<T> type, SchemaRegistryClient registry, boolean autoRegister, boolean isKey) {
    return new AvroSerde<>(
        new AvroSerializer<>(registry, autoRegister, isKey),
        AvroDeserializer.specific(type, registry));
  }

  /** A value serde for {@link GenericRecord}s, read with each record's writer schema. */
  public static AvroSerde<GenericRecord> generic(SchemaRegistryOptions options) {
    SchemaRegistryClient registry = SchemaRegistryClients.shared(options);
    return new AvroSerde<>(
        new AvroSerializer<>(registry, options.autoRegister(), false),
        AvroDeserializer.generic(registry));
  }

  /** A serde for {@link GenericRecord}s, read resolved to {@code readerSchema}. */
  public static AvroSerde<GenericRecord> generic(
      SchemaRegistryClient registry, boolean autoRegister, Schema readerSchema) {
    return new AvroSerde<>(
        new AvroSerializer<>(registry, autoRegister, false),
        readerSchema == null
            ? AvroDeserializer.generic(registry)
            : AvroDeserializer.generic(registry, readerSchema));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
