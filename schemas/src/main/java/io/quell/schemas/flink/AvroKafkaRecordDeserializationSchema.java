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
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads Kafka records of an Avro topic for Flink's KafkaSource. The key is not read: every Quell
 * key is derived from the value. Tombstones (null values) are skipped, since a stream element
 * cannot be null. A value that cannot be decoded raises {@link MalformedRecordException} naming the
 * topic; a job that must survive bad records reads raw records instead and decodes them with {@link
 * AvroDeserializer} in a function that sends failures to the dead-letter topic.
 *
 * <p>The produced type needs {@code flink-avro} on the job's classpath.
 */
public class AvroKafkaRecordDeserializationSchema<V extends SpecificRecord>
    implements KafkaRecordDeserializationSchema<V> {

  private static final long serialVersionUID = 1L;

  private final Class<V> type;
  private final SchemaRegistryOptions options;
  private transient AvroDeserializer<V> deserializer;

  public AvroKafkaRecordDeserializationSchema(Class<V> type, SchemaRegistryOptions options) {
    this.type = Objects.requireNonNull(type, "type");
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    deserializer();
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<V> out) {
    V value = deserializer().deserialize(record.topic(), record.value());
    if (value != null) {
      out.collect(value);
    }
  }

  @Override
  public TypeInformation<V> getProducedType() {
    return TypeInformation.of(type);
  }

  private AvroDeserializer<V> deserializer() {
    if (deserializer == null) {
      deserializer = AvroDeserializer.specific(type, SchemaRegistryClients.shared(options));
    }
    return deserializer;
  }
}
