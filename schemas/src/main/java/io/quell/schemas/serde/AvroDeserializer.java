/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.serde;

import io.quell.schemas.config.ConfigOption;
import io.quell.schemas.registry.SchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryException;
import io.quell.schemas.registry.SchemaRegistryOptions;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format payloads: the writer schema is fetched by the id in the header (and
 * cached forever, ids being immutable), then resolved against the reader schema, so records written
 * with an older or newer compatible schema read fine.
 *
 * <p>Two modes. <em>Specific</em>: records are read into a generated class, whose schema is the
 * reader schema. <em>Generic</em>: records are read as {@link GenericRecord}s with the writer
 * schema, or with a given reader schema (for tools and for testing evolution); timestamps stay
 * longs there.
 *
 * <p>Failures: a payload that cannot be decoded (wrong magic byte, too short, truncated or corrupt
 * body, trailing bytes, an id the registry does not know, a writer schema the reader cannot
 * resolve) raises {@link MalformedRecordException}, to be routed to the dead-letter topic. A
 * registry that cannot be reached raises a retryable {@link SchemaRegistryException} instead. A
 * null payload (tombstone) reads as null.
 *
 * <p>Usable as a Kafka {@link Deserializer} built from configuration: the no-argument constructor,
 * then {@link #configure}, which reads {@link SchemaRegistryOptions} and {@link #VALUE_TYPE} or
 * {@link #KEY_TYPE} (generic mode when unset). Thread-safe.
 */
public class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {

  public static final ConfigOption<String> VALUE_TYPE =
      ConfigOption.string(
          "quell.avro.value.type",
          null,
          "Fully qualified name of the generated Avro class that a deserializer built from"
              + " configuration reads values into, for example io.quell.schemas.avro.Alert. Unset:"
              + " values are read as GenericRecords with the writer's schema.");

  public static final ConfigOption<String> KEY_TYPE =
      ConfigOption.string(
          "quell.avro.key.type",
          null,
          "Like quell.avro.value.type, for record keys (Quell's own keys are plain strings).");

  /** A reader for one writer schema id, or why there can be none. */
  private record ReaderForId(DatumReader<?> reader, String failure) {}

  private final ConcurrentMap<Integer, ReaderForId> readers = new ConcurrentHashMap<>();
  private SchemaRegistryClient registry;
  private Class<?> specificType;
  private Schema readerSchema;

  /** For Kafka, which calls {@link #configure} next. */
  public AvroDeserializer() {}

  private AvroDeserializer(
      SchemaRegistryClient registry, Class<?> specificType, Schema readerSchema) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.specificType = specificType;
    this.readerSchema = readerSchema;
  }

  /** Reads records into the generated class {@code type}. */
  public static <T extends SpecificRecord> AvroDeserializer<T> specific(
      Class<T> type, SchemaRegistryClient registry) {
    return new AvroDeserializer<>(registry, type, SpecificData.get().getSchema(type));
  }

  /** Reads records into {@code type}, over the shared client for {@code options}. */
  public static <T extends SpecificRecord> AvroDeserializer<T> specific(
      Class<T> type, SchemaRegistryOptions options) {
    return specific(type, SchemaRegistryClients.shared(options));
  }

  /** Reads {@link GenericRecord}s with each record's writer schema. */
  public static AvroDeserializer<GenericRecord> generic(SchemaRegistryClient registry) {
    return new AvroDeserializer<>(registry, null, null);
  }

  /** Reads {@link GenericRecord}s resolved to {@code readerSchema}. */
  public static AvroDeserializer<GenericRecord> generic(
      SchemaRegistryClient registry, Schema readerSchema) {
    return new AvroDeserializer<>(registry, null, Objects.requireNonNull(readerSchema));
  }

  /**
   * Reads the settings from the client configuration. Ignored by a deserializer that was built with
   * its client, so that a framework calling it cannot undo that setup.
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (registry != null) {
      return;
    }
    this.registry = SchemaRegistryClients.shared(SchemaRegistryOptions.fromMap(configs));
    ConfigOption<String> typeOption = isKey ? KEY_TYPE : VALUE_TYPE;
    String typeName = typeOption.read(configs);
    if (typeName == null || typeName.isBlank()) {
      this.specificType = null;
      this.readerSchema = null;
      return;
    }
    Class<?> type;
    try {
      type = Class.forName(typeName.strip(), true, classLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "Setting '" + typeOption.key() + "' names a class that is not on the classpath", e);
    }
    if (!SpecificRecord.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "Setting '"
              + typeOption.key()
              + "' must name a generated Avro class, but "
              + type.getName()
              + " is not a SpecificRecord");
    }
    this.specificType = type;
    this.readerSchema = SpecificData.get().getSchema(type);
  }

  /**
   * Decodes one payload.
   *
   * @param topic where the payload came from; named in errors
   * @throws MalformedRecordException when the payload cannot be decoded (route it to the
   *     dead-letter topic)
   * @throws SchemaRegistryException when the writer schema is needed and the registry cannot be
   *     reached or refuses (retry later)
   */
  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("AvroDeserializer used before configure()");
    }
    WireFormat.Framed framed = WireFormat.parse(topic, data);
    int schemaId = framed.schemaId();
    DatumReader<?> reader = reader(topic, schemaId);
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(data, framed.bodyOffset(), framed.bodyLength(), null);
    Object value;
    try {
      value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new MalformedRecordException(
            topic, schemaId, "bytes left over after the Avro record (corrupt or wrong schema id)");
      }
    } catch (EOFException e) {
      throw new MalformedRecordException(topic, schemaId, "Avro body is truncated", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof MalformedRecordException malformed) {
        throw malformed;
      }
      // Garbage decodes into absurd lengths, negative sizes, bad union or enum indexes and the
      // like; every such case is a record that will never read.
      throw new MalformedRecordException(topic, schemaId, "Avro body is corrupt", e);
    }
    return (T) value;
  }

  /** The reader schema, or null in generic mode without one (each record's writer schema). */
  public Schema readerSchema() {
    return readerSchema;
  }

  private DatumReader<?> reader(String topic, int schemaId) {
    ReaderForId known = readers.get(schemaId);
    if (known == null) {
      known = createReader(topic, schemaId);
      readers.put(schemaId, known);
    }
    if (known.failure() != null) {
      throw new MalformedRecordException(topic, schemaId, known.failure());
    }
    return known.reader();
  }

  private ReaderForId createReader(String topic, int schemaId) {
    Schema writer;
    try {
      writer = registry.schemaById(schemaId);
    } catch (SchemaRegistryException e) {
      if (e.isNotFound() || e.kind() == SchemaRegistryException.Kind.UNSUPPORTED_SCHEMA) {
        // Not cached: the id may be registered later (a registry restored from a backup).
        throw new MalformedRecordException(
            topic, schemaId, "the registry has no usable Avro schema with this id", e);
      }
      throw e;
    }
    if (readerSchema == null) {
      return new ReaderForId(new GenericDatumReader<>(writer, writer, GenericData.get()), null);
    }
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      String problems =
          compatibility.getResult().getIncompatibilities().stream()
              .map(problem -> problem.getMessage() + " at " + problem.getLocation())
              .collect(Collectors.joining("; "));
      return new ReaderForId(
          null,
          "written with schema "
              + writer.getFullName()
              + ", which cannot be read as "
              + readerSchema.getFullName()
              + ": "
              + problems);
    }
    DatumReader<?> reader =
        specificType != null
            ? new SpecificDatumReader<>(
                writer, readerSchema, SpecificData.getForClass(specificType))
            : new GenericDatumReader<>(writer, readerSchema, GenericData.get());
    return new ReaderForId(reader, null);
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : AvroDeserializer.class.getClassLoader();
  }
}
