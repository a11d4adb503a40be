/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.registry.SchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryException;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.AvroSerializer;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.testing.SampleRecords;
import io.quell.stack.ApicurioRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What producers and consumers do while the registry is down, against a private Apicurio that this
 * test stops (the shared one must stay up).
 */
class RegistryOutageIntegrationTest {

  @Test
  void shouldKeepSerializingKnownSchemasWhileRegistryIsDownAndFailRetryablyForNewOnes(
      @TempDir Path workDir) throws Exception {
    String topic = SchemaRegistryIntegrationTest.unique("it.outage");
    AvroSerializer<SpecificRecord> serializer;
    AvroDeserializer<Alert> deserializer;
    AvroDeserializer<SpecificRecord> freshDeserializer;
    byte[] incidentPayload;
    try (ApicurioRegistry registry = ApicurioRegistry.start(workDir)) {
      SchemaRegistryOptions options =
          SchemaRegistryOptions.of(registry.confluentUrl())
              .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
      // Clients of their own: the JVM-wide shared ones must not learn about this registry.
      SchemaRegistryClient client = SchemaRegistryClients.create(options);
      serializer = new AvroSerializer<>(client, true, false);
      deserializer = AvroDeserializer.specific(Alert.class, client);
      freshDeserializer = genericallyTyped(SchemaRegistryClients.create(options));

      deserializer.deserialize(topic, serializer.serialize(topic, SampleRecords.alert()));
      incidentPayload =
          new AvroSerializer<>(SchemaRegistryClients.create(options), true, false)
              .serialize(topic + ".other", SampleRecords.incident());
    }

    byte[] whileDown = serializer.serialize(topic, SampleRecords.alert());

    assertThat(deserializer.deserialize(topic, whileDown)).isEqualTo(SampleRecords.alert());
    assertThatThrownBy(() -> serializer.serialize(topic, SampleRecords.logEvent()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e).isNotInstanceOf(MalformedRecordException.class);
              assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNREACHABLE);
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.subject()).isEqualTo(topic + "-value");
            })
        .hasMessageContaining("unreachable");
    assertThatThrownBy(() -> freshDeserializer.deserialize(topic + ".other", incidentPayload))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isRetryable()).isTrue());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static AvroDeserializer<SpecificRecord> genericallyTyped(SchemaRegistryClient client) {
    return (AvroDeserializer) AvroDeserializer.generic(client);
  }
}
