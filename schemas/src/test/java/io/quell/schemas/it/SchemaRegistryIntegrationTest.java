/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.registry.CompatibilityLevel;
import io.quell.schemas.registry.RegisteredSchema;
import io.quell.schemas.registry.SchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryException;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.registry.SubjectNames;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.AvroSerializer;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.serde.WireFormat;
import io.quell.schemas.testing.SampleRecords;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry client and the serde against the real Apicurio registry of the shared stack, over
 * its Confluent-compatible API. Every test uses subjects of its own.
 */
@ExtendWith(QuellStackExtension.class)
class SchemaRegistryIntegrationTest {

  private static final String PROBE_V1 =
      """
      {"type": "record", "name": "Probe", "namespace": "io.quell.it",
       "doc": "A probe record, first version.",
       "fields": [
         {"name": "name", "type": "string", "doc": "Name."},
         {"name": "count", "type": "int", "doc": "Count."}
       ]}
      """;

  /** Compatible: a new field with a default. */
  private static final String PROBE_V2_WITH_DEFAULT =
      """
      {"type": "record", "name": "Probe", "namespace": "io.quell.it",
       "doc": "A probe record, second version.",
       "fields": [
         {"name": "name", "type": "string", "doc": "Name."},
         {"name": "count", "type": "int", "doc": "Count."},
         {"name": "zone", "type": ["null", "string"], "default": null, "doc": "Zone."}
       ]}
      """;

  /** Incompatible: a new field without default, which old records cannot fill. */
  private static final String PROBE_V2_REQUIRED_FIELD =
      """
      {"type": "record", "name": "Probe", "namespace": "io.quell.it",
       "fields": [
         {"name": "name", "type": "string"},
         {"name": "count", "type": "int"},
         {"name": "zone", "type": "string"}
       ]}
      """;

  /** Incompatible: a field changes its type. */
  private static final String PROBE_V2_TYPE_CHANGE =
      """
      {"type": "record", "name": "Probe", "namespace": "io.quell.it",
       "fields": [
         {"name": "name", "type": "string"},
         {"name": "count", "type": "string"}
       ]}
      """;

  private static SchemaRegistryOptions options;

  @BeforeAll
  static void connect(QuellStack stack) {
    options = SchemaRegistryOptions.of(stack.schemaRegistryUrl());
  }

  static Iterable<SpecificRecord> everySchema() {
    return SampleRecords.all();
  }

  @ParameterizedTest
  @MethodSource("everySchema")
  void shouldRoundTripEverySchemaThroughRealRegistry(SpecificRecord record) {
    String topic = unique("it.roundtrip." + record.getSchema().getName());
    byte[] payload = new AvroSerializer<>(options).serialize(topic, record);
    // A fresh client, so the writer schema really is fetched by id from the registry.
    SchemaRegistryClient reader = SchemaRegistryClients.create(options);

    Object read = deserializer(record.getClass(), reader).deserialize(topic, payload);

    assertThat(read).isEqualTo(record);
    RegisteredSchema latest = reader.latest(SubjectNames.valueSubject(topic));
    assertThat(latest.id()).isEqualTo(WireFormat.parse(topic, payload).schemaId());
    assertThat(latest.version()).isEqualTo(1);
    assertThat(reader.schemaById(latest.id())).isEqualTo(record.getSchema());
  }

  @Test
  void shouldRejectNewRequiredFieldAsIncompatibleNamingTheSubject() {
    SchemaRegistryClient registry = SchemaRegistryClients.create(options);
    String subject = unique("it.incompatible") + "-value";
    registry.register(subject, parse(PROBE_V1));

    assertThat(registry.isCompatible(subject, parse(PROBE_V2_REQUIRED_FIELD))).isFalse();
    assertThatThrownBy(() -> registry.register(subject, parse(PROBE_V2_REQUIRED_FIELD)))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isIncompatible()).isTrue();
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.subject()).isEqualTo(subject);
              assertThat(e.httpStatus()).isEqualTo(409);
            })
        .hasMessageContaining(subject)
        .hasMessageContaining("incompatible");
    assertThat(registry.versions(subject)).containsExactly(1);
  }

  @Test
  void shouldRejectTypeChangeAsIncompatible() {
    SchemaRegistryClient registry = SchemaRegistryClients.create(options);
    String subject = unique("it.typechange") + "-value";
    registry.register(subject, parse(PROBE_V1));

    assertThatThrownBy(() -> registry.register(subject, parse(PROBE_V2_TYPE_CHANGE)))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue())
        .hasMessageContaining(subject);
  }

  @Test
  void shouldReadCompatibleEvolutionWithOldAndNewReaders() {
    String topic = unique("it.evolution");
    Schema v1 = parse(PROBE_V1);
    Schema v2 = parse(PROBE_V2_WITH_DEFAULT);
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(options);
    GenericRecord old = new GenericData.Record(v1);
    old.put("name", "before");
    old.put("count", 1);
    GenericRecord fresh = new GenericData.Record(v2);
    fresh.put("name", "after");
    fresh.put("count", 2);
    fresh.put("zone", "eu-west");
    byte[] oldPayload = serializer.serialize(topic, old);
    byte[] newPayload = serializer.serialize(topic, fresh);
    SchemaRegistryClient reader = SchemaRegistryClients.create(options);

    GenericRecord oldByNewReader =
        AvroDeserializer.generic(reader, v2).deserialize(topic, oldPayload);
    GenericRecord newByOldReader =
        AvroDeserializer.generic(reader, v1).deserialize(topic, newPayload);
    GenericRecord newByWriterSchema =
        AvroDeserializer.generic(reader).deserialize(topic, newPayload);

    assertThat(oldByNewReader.get("name")).hasToString("before");
    assertThat(oldByNewReader.get("zone")).isNull();
    assertThat(newByOldReader.get("count")).isEqualTo(2);
    assertThat(newByOldReader.getSchema().getField("zone")).isNull();
    assertThat(newByWriterSchema.get("zone")).hasToString("eu-west");
    assertThat(reader.versions(SubjectNames.valueSubject(topic))).containsExactly(1, 2);
  }

  @Test
  void shouldOnlyLookUpWhenAutoRegistrationIsOff() {
    String topic = unique("it.lookup");
    Schema alert = SampleRecords.alert().getSchema();
    AvroSerializer<SpecificRecord> lookupOnly =
        new AvroSerializer<>(options.withAutoRegister(false));

    assertThatThrownBy(() -> lookupOnly.serialize(topic, SampleRecords.alert()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.subject()).isEqualTo(topic + "-value");
            })
        .hasMessageContaining("auto.register.schemas=false");

    SchemaRegistryClient registry = SchemaRegistryClients.create(options);
    int id = registry.register(topic + "-value", alert);
    byte[] payload = lookupOnly.serialize(topic, SampleRecords.alert());

    assertThat(WireFormat.parse(topic, payload).schemaId()).isEqualTo(id);
    assertThat(registry.idOf(topic + "-value", alert)).isEqualTo(id);
  }

  @Test
  void shouldReadAndSetSubjectCompatibilityAndListSubjects() {
    SchemaRegistryClient registry = SchemaRegistryClients.create(options);
    String subject = unique("it.config") + "-value";
    registry.register(subject, parse(PROBE_V1));

    // FORWARD rather than NONE: Apicurio reads a subject-level NONE as "no subject rule" and
    // applies its global BACKWARD rule all the same.
    registry.setCompatibility(subject, CompatibilityLevel.FORWARD);

    assertThat(registry.compatibility(subject)).isEqualTo(CompatibilityLevel.FORWARD);
    // Old readers ignore the new field, so FORWARD accepts what BACKWARD refused above.
    registry.register(subject, parse(PROBE_V2_REQUIRED_FIELD));
    assertThat(registry.versions(subject)).containsExactly(1, 2);
    assertThat(registry.subjects()).contains(subject);
  }

  @Test
  void shouldRaiseMalformedRecordForSchemaIdTheRegistryDoesNotKnow() {
    String topic = unique("it.unknown-id");
    byte[] payload = WireFormat.frame(987_654_321, new byte[] {2, 65});
    AvroDeserializer<GenericRecord> deserializer =
        AvroDeserializer.generic(SchemaRegistryClients.create(options));

    assertThatThrownBy(() -> deserializer.deserialize(topic, payload))
        .isInstanceOfSatisfying(
            MalformedRecordException.class,
            e -> {
              assertThat(e.topic()).isEqualTo(topic);
              assertThat(e.schemaId()).hasValue(987_654_321);
            });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static AvroDeserializer<SpecificRecord> deserializer(
      Class<?> type, SchemaRegistryClient registry) {
    return AvroDeserializer.specific((Class) type, registry);
  }

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }

  static String unique(String prefix) {
    return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
  }
}
