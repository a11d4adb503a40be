/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroSerializer;
import java.util.Objects;
import org.apache.avro.generic.IndexedRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Flink's view of {@link AvroSerializer}: writes records of one topic in the Confluent wire format.
 * Holds only its settings; the registry client and serializer are built on the task manager in
 * {@link #open} (or on first use), since they are not serializable.
 */
public class AvroSerializationSchema<T extends IndexedRecord> implements SerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final boolean isKey;
  private final SchemaRegistryOptions options;
  private transient AvroSerializer<T> serializer;

  /** Writes values of {@code topic}; schemas go under the subject {@code <topic>-value}. */
  public AvroSerializationSchema(String topic, SchemaRegistryOptions options) {
    this(topic, false, options);
  }

  public AvroSerializationSchema(String topic, boolean isKey, SchemaRegistryOptions options) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.isKey = isKey;
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  public void open(InitializationContext context) {
    serializer();
  }

  @Override
  public byte[] serialize(T element) {
    return serializer().serialize(topic, element);
  }

  public String topic() {
    return topic;
  }

  private AvroSerializer<T> serializer() {
    if (serializer == null) {
      serializer =
          new AvroSerializer<>(
              SchemaRegistryClients.shared(options), options.autoRegister(), isKey);
    }
    return serializer;
  }
}
