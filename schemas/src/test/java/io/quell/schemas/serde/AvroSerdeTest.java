/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.registry.InMemorySchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryException;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.registry.SubjectNames;
import io.quell.schemas.testing.SampleRecords;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

  private static final String TOPIC = "quell.test";

  private InMemorySchemaRegistryClient registry;

  @BeforeEach
  void freshRegistry() {
    registry = new InMemorySchemaRegistryClient();
  }

  static Iterable<SpecificRecord> everySchema() {
    return SampleRecords.all();
  }

  @ParameterizedTest
  @MethodSource("everySchema")
  void shouldReadBackEveryRecordTypeUnchanged(SpecificRecord record) {
    byte[] payload = new AvroSerializer<>(registry, true, false).serialize(TOPIC, record);

    Object read = deserializerFor(record.getClass()).deserialize(TOPIC, payload);

    assertThat(read).isEqualTo(record);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private AvroDeserializer<SpecificRecord> deserializerFor(Class<?> type) {
    return AvroDeserializer.specific((Class) type, registry);
  }

  @Test
  void shouldWriteMagicByteAndRegisteredIdAhead() {
    byte[] payload = new AvroSerializer<>(registry, true, false).serialize(TOPIC, sampleAlert());

    int id = registry.idOf(SubjectNames.valueSubject(TOPIC), Alert.getClassSchema());
    assertThat(WireFormat.parse(TOPIC, payload).schemaId()).isEqualTo(id);
    assertThat(payload[0]).isZero();
  }

  @Test
  void shouldRegisterKeySchemasUnderKeySubject() {
    new AvroSerializer<>(registry, true, true).serialize(TOPIC, sampleAlert());

    assertThat(registry.subjects()).containsExactly(TOPIC + "-key");
  }

  @Test
  void shouldPassNullThroughAsTombstone() {
    assertThat(new AvroSerializer<Alert>(registry, true, false).serialize(TOPIC, null)).isNull();
    assertThat(AvroDeserializer.specific(Alert.class, registry).deserialize(TOPIC, null)).isNull();
  }

  @Test
  void shouldKeepOptionalFieldsNullAndDefaultsApplied() {
    LogEvent minimal = SampleRecords.minimalLogEvent();
    byte[] payload = new AvroSerializer<>(registry, true, false).serialize(TOPIC, minimal);

    LogEvent read = AvroDeserializer.specific(LogEvent.class, registry).deserialize(TOPIC, payload);

    assertThat(read.getHost()).isNull();
    assertThat(read.getLevel()).isEqualTo(LogLevel.INFO);
    assertThat(read.getAttributes()).isEmpty();
    assertThat(read.getTimestamp()).isEqualTo(SampleRecords.OUTAGE_START);
  }

  @Test
  void shouldAskRegistryOnlyOnceForKnownSchema() {
    AvroSerializer<Alert> serializer = new AvroSerializer<>(registry, true, false);
    AvroDeserializer<Alert> deserializer = AvroDeserializer.specific(Alert.class, registry);
    byte[] first = serializer.serialize(TOPIC, sampleAlert());
    deserializer.deserialize(TOPIC, first);
    int requests = registry.requestCount();

    for (int i = 0; i < 10; i++) {
      deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, sampleAlert()));
    }

    assertThat(registry.requestCount()).isEqualTo(requests);
  }

  @Test
  void shouldKeepSerializingAndDeserializingKnownSchemasWhileRegistryIsDown() {
    AvroSerializer<Alert> serializer = new AvroSerializer<>(registry, true, false);
    AvroDeserializer<Alert> deserializer = AvroDeserializer.specific(Alert.class, registry);
    deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, sampleAlert()));
    registry.setReachable(false);

    byte[] payload = serializer.serialize(TOPIC, sampleAlert());

    assertThat(deserializer.deserialize(TOPIC, payload)).isEqualTo(sampleAlert());
  }

  @Test
  void shouldFailRetryablyNotAsMalformedForNewSchemaWhileRegistryIsDown() {
    AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(registry, true, false);
    serializer.serialize(TOPIC, sampleAlert());
    registry.setReachable(false);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, SampleRecords.incident()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e).isNotInstanceOf(MalformedRecordException.class);
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.subject()).isEqualTo(TOPIC + "-value");
            });
  }

  @Test
  void shouldFailRetryablyForUnseenIdWhileRegistryIsDown() {
    byte[] payload = new AvroSerializer<>(registry, true, false).serialize(TOPIC, sampleAlert());
    AvroDeserializer<Alert> freshDeserializer = AvroDeserializer.specific(Alert.class, registry);
    registry.setReachable(false);

    assertThatThrownBy(() -> freshDeserializer.deserialize(TOPIC, payload))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isRetryable()).isTrue());
  }

  @Test
  void shouldRefuseUnregisteredSchemaWhenAutoRegistrationIsOff() {
    AvroSerializer<Alert> serializer = new AvroSerializer<>(registry, false, false);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, sampleAlert()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.subject()).isEqualTo(TOPIC + "-value");
            })
        .hasMessageContaining("auto.register.schemas=false");
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void shouldUseRegisteredSchemaWhenAutoRegistrationIsOff() {
    int id = registry.register(TOPIC + "-value", Alert.getClassSchema());

    byte[] payload = new AvroSerializer<>(registry, false, false).serialize(TOPIC, sampleAlert());

    assertThat(WireFormat.parse(TOPIC, payload).schemaId()).isEqualTo(id);
  }

  @Test
  void shouldNameTopicAndFieldWhenARequiredFieldIsNull() {
    Alert broken = sampleAlert();
    broken.setName(null);
    AvroSerializer<Alert> serializer = new AvroSerializer<>(registry, true, false);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, broken))
        .isInstanceOf(SerializationException.class)
        .isNotInstanceOf(MalformedRecordException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("name");
  }

  @Test
  void shouldRejectPayloadWithUnknownMagicByte() {
    byte[] payload = validAlertPayload();
    payload[0] = 1;

    assertMalformed(payload, null, "magic byte");
  }

  @Test
  void shouldRejectPayloadWithTruncatedHeader() {
    assertMalformed(Arrays.copyOf(validAlertPayload(), 4), null, "fewer than the 5-byte");
  }

  @Test
  void shouldRejectPayloadWithTruncatedBody() {
    byte[] payload = validAlertPayload();
    int id = WireFormat.parse(TOPIC, payload).schemaId();

    assertMalformed(Arrays.copyOf(payload, payload.length - 10), id, "truncated");
  }

  @Test
  void shouldRejectPayloadWithTrailingBytes() {
    byte[] payload = validAlertPayload();
    int id = WireFormat.parse(TOPIC, payload).schemaId();

    assertMalformed(Arrays.copyOf(payload, payload.length + 3), id, "left over");
  }

  @Test
  void shouldRejectPayloadWithCorruptBody() {
    byte[] payload = validAlertPayload();
    int id = WireFormat.parse(TOPIC, payload).schemaId();
    // The first field is a string: its length becomes a huge negative varint.
    payload[5] = (byte) 0xff;
    payload[6] = (byte) 0xff;
    payload[7] = (byte) 0xff;
    payload[8] = (byte) 0xff;
    payload[9] = (byte) 0x0f;

    assertMalformed(payload, id, "corrupt");
  }

  @Test
  void shouldRejectPayloadWithSchemaIdUnknownToRegistry() {
    byte[] payload = WireFormat.frame(4242, new byte[] {2, 65});

    assertMalformed(payload, 4242, "no usable Avro schema");
  }

  @Test
  void shouldRejectRecordOfAnotherTypeAsMalformed() {
    byte[] incident =
        new AvroSerializer<>(registry, true, false).serialize(TOPIC, SampleRecords.incident());
    int id = WireFormat.parse(TOPIC, incident).schemaId();

    assertMalformed(incident, id, "cannot be read as io.quell.schemas.avro.Alert");
  }

  @Test
  void shouldReadGenericRecordsWithWriterSchema() {
    byte[] payload = validAlertPayload();

    GenericRecord read = AvroDeserializer.generic(registry).deserialize(TOPIC, payload);

    assertThat(read.getSchema()).isEqualTo(Alert.getClassSchema());
    assertThat(read.get("fingerprint")).hasToString("a1b2c3d4");
    // Generic records keep timestamps as epoch milliseconds.
    assertThat(read.get("startsAt")).isEqualTo(SampleRecords.FIRST_ALERT.toEpochMilli());
  }

  @Test
  void shouldReadOldRecordsWithNewReaderSchemaAndNewRecordsWithOldOne() {
    Schema v1 =
        SchemaBuilder.record("Probe")
            .namespace("io.quell.test")
            .fields()
            .requiredString("name")
            .endRecord();
    Schema v2 =
        SchemaBuilder.record("Probe")
            .namespace("io.quell.test")
            .fields()
            .requiredString("name")
            .name("region")
            .type()
            .stringType()
            .stringDefault("eu")
            .endRecord();
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry, true, false);
    GenericRecord old = new GenericData.Record(v1);
    old.put("name", "a");
    GenericRecord fresh = new GenericData.Record(v2);
    fresh.put("name", "b");
    fresh.put("region", "us");
    byte[] oldPayload = serializer.serialize(TOPIC, old);
    byte[] newPayload = serializer.serialize(TOPIC, fresh);

    GenericRecord oldReadAsNew =
        AvroDeserializer.generic(registry, v2).deserialize(TOPIC, oldPayload);
    GenericRecord newReadAsOld =
        AvroDeserializer.generic(registry, v1).deserialize(TOPIC, newPayload);

    assertThat(oldReadAsNew.get("region")).hasToString("eu");
    assertThat(newReadAsOld.get("name")).hasToString("b");
    assertThat(newReadAsOld.getSchema().getField("region")).isNull();
  }

  @Test
  void shouldBuildFromKafkaStyleConfiguration() {
    String scope = "avro-serde-test-" + System.nanoTime();
    Map<String, Object> config = new HashMap<>();
    config.put(SchemaRegistryOptions.URL.key(), "mock://" + scope);
    config.put(AvroDeserializer.VALUE_TYPE.key(), Alert.class.getName());
    try (AvroSerde<Alert> serde = new AvroSerde<>()) {
      serde.configure(config, false);

      byte[] payload = serde.serializer().serialize(TOPIC, sampleAlert());

      assertThat(serde.deserializer().deserialize(TOPIC, payload)).isEqualTo(sampleAlert());
      assertThat(InMemorySchemaRegistryClient.forScope(scope).subjects())
          .containsExactly(TOPIC + "-value");
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }

  @Test
  void shouldRejectConfiguredTypeThatIsNotGeneratedAvroClass() {
    Map<String, Object> config =
        Map.of(
            SchemaRegistryOptions.URL.key(),
            "mock://unused",
            AvroDeserializer.VALUE_TYPE.key(),
            String.class.getName());

    assertThatThrownBy(() -> new AvroDeserializer<>().configure(config, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quell.avro.value.type");
  }

  private byte[] validAlertPayload() {
    return new AvroSerializer<>(registry, true, false).serialize(TOPIC, sampleAlert());
  }

  private void assertMalformed(byte[] payload, Integer schemaId, String reason) {
    AvroDeserializer<Alert> deserializer = AvroDeserializer.specific(Alert.class, registry);
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, payload))
        .isInstanceOfSatisfying(
            MalformedRecordException.class,
            e -> {
              assertThat(e.topic()).isEqualTo(TOPIC);
              if (schemaId == null) {
                assertThat(e.schemaId()).isEmpty();
              } else {
                assertThat(e.schemaId()).hasValue(schemaId);
              }
              assertThat(e.reason()).contains(reason);
            });
  }

  private static Alert sampleAlert() {
    return SampleRecords.alert();
  }

  @Test
  void shouldTellIncidentFromAlertBySchemaId() {
    AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(registry, true, false);
    int alertId = WireFormat.parse("a", serializer.serialize("a", sampleAlert())).schemaId();
    int incidentId =
        WireFormat.parse("i", serializer.serialize("i", SampleRecords.incident())).schemaId();

    assertThat(alertId).isNotEqualTo(incidentId);
    assertThat(registry.schemaById(incidentId)).isEqualTo(Incident.getClassSchema());
  }
}
