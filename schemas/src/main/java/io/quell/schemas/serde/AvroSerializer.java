/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.serde;

import io.quell.schemas.registry.SchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryException;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.registry.SubjectNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated {@link SpecificRecord} classes or {@link
 * org.apache.avro.generic.GenericRecord}s) in the Confluent wire format, registering or looking up
 * the record's schema under the topic's subject ({@code <topic>-value} or {@code <topic>-key}).
 *
 * <p>The id of each schema is asked for once and then cached, so a serializer keeps working while
 * the registry is down for every schema it has already written. A null record is written as null,
 * so tombstones pass through.
 *
 * <p>Usable as a Kafka {@link Serializer} built from configuration (no-argument constructor, then
 * {@link #configure}) or built directly. Thread-safe.
 */
public class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

  // Generic records may hold a timestamp either as a long or as an Instant; a model that knows
  // the conversions accepts both (a long passes through unconverted).
  private static final GenericData GENERIC_MODEL = genericModelWithTimeConversions();

  private record SubjectSchema(String subject, Schema schema) {}

  // The serializer keeps its own ids as well, so that it never needs the registry again for a
  // schema it has written, whichever client it was given.
  private final ConcurrentMap<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
  private final ConcurrentMap<Schema, DatumWriter<Object>> specificWriters =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<Schema, DatumWriter<Object>> genericWriters =
      new ConcurrentHashMap<>();
  private SchemaRegistryClient registry;
  private boolean autoRegister;
  private boolean isKey;

  /** For Kafka, which calls {@link #configure} next. */
  public AvroSerializer() {}

  /** A value serializer over the shared client for {@code options}. */
  public AvroSerializer(SchemaRegistryOptions options) {
    this(SchemaRegistryClients.shared(options), options.autoRegister(), false);
  }

  public AvroSerializer(SchemaRegistryClient registry, boolean autoRegister, boolean isKey) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.autoRegister = autoRegister;
    this.isKey = isKey;
  }

  /**
   * Reads {@link SchemaRegistryOptions} from the client configuration. Ignored by a serializer that
   * was built with its client, so that a framework calling it cannot undo that setup.
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (registry != null) {
      return;
    }
    SchemaRegistryOptions options = SchemaRegistryOptions.fromMap(configs);
    this.registry = SchemaRegistryClients.shared(options);
    this.autoRegister = options.autoRegister();
    this.isKey = isKey;
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("AvroSerializer used before configure()");
    }
    Schema schema = record.getSchema();
    int schemaId = schemaId(topic, schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(new byte[WireFormat.HEADER_SIZE], 0, WireFormat.HEADER_SIZE);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer(record).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    } catch (RuntimeException e) {
      // Avro says which field broke (a null in a required field, a wrong type); add where to.
      throw new SerializationException(
          "Cannot write a " + schema.getFullName() + " to topic '" + topic + "': " + e, e);
    }
    byte[] payload = out.toByteArray();
    WireFormat.writeHeader(payload, schemaId);
    return payload;
  }

  /**
   * The id of {@code schema} under the subject of {@code topic}: from the cache, else registered
   * (auto-registration on) or looked up (off).
   *
   * @throws SchemaRegistryException when the registry refuses or cannot be reached; with
   *     auto-registration off, of kind NOT_FOUND when the schema is not registered
   */
  public int schemaId(String topic, Schema schema) {
    SubjectSchema key = new SubjectSchema(SubjectNames.subject(topic, isKey), schema);
    Integer known = ids.get(key);
    if (known != null) {
      return known;
    }
    int id = askRegistry(key.subject(), schema);
    ids.put(key, id);
    return id;
  }

  private int askRegistry(String subject, Schema schema) {
    if (autoRegister) {
      return registry.register(subject, schema);
    }
    try {
      return registry.idOf(subject, schema);
    } catch (SchemaRegistryException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      throw new SchemaRegistryException(
          e.kind(),
          "looking up schema "
              + schema.getFullName()
              + " with auto-registration off ("
              + SchemaRegistryOptions.AUTO_REGISTER.key()
              + "=false): the schema must be registered under the subject before it is written",
          subject,
          null,
          e.httpStatus(),
          e.errorCode(),
          e.registryMessage(),
          e);
    }
  }

  @SuppressWarnings("unchecked")
  private DatumWriter<Object> writer(IndexedRecord record) {
    if (record instanceof SpecificRecord) {
      // The class's own model carries the conversions of its logical types (Instant).
      return specificWriters.computeIfAbsent(
          record.getSchema(),
          schema ->
              (DatumWriter<Object>)
                  (DatumWriter<?>)
                      new SpecificDatumWriter<>(
                          schema, SpecificData.getForClass(record.getClass())));
    }
    return genericWriters.computeIfAbsent(
        record.getSchema(), schema -> new GenericDatumWriter<>(schema, GENERIC_MODEL));
  }

  private static GenericData genericModelWithTimeConversions() {
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    model.addLogicalTypeConversion(new TimeConversions.DateConversion());
    return model;
  }
}
