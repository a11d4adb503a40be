/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

  private static final Schema V1 =
      SchemaBuilder.record("Probe").fields().requiredString("name").endRecord();
  private static final Schema V2_WITH_DEFAULT =
      SchemaBuilder.record("Probe")
          .fields()
          .requiredString("name")
          .name("zone")
          .type()
          .stringType()
          .stringDefault("a")
          .endRecord();
  private static final Schema V2_REQUIRED_FIELD =
      SchemaBuilder.record("Probe").fields().requiredString("name").requiredInt("zone").endRecord();

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  @Test
  void shouldGiveSameIdForSameSchemaAcrossSubjects() {
    int first = registry.register("a-value", V1);
    int again = registry.register("a-value", V1);
    int elsewhere = registry.register("b-value", V1);

    assertThat(again).isEqualTo(first);
    assertThat(elsewhere).isEqualTo(first);
    assertThat(registry.versions("a-value")).containsExactly(1);
  }

  @Test
  void shouldRejectBackwardIncompatibleSchemaNamingTheSubject() {
    registry.register("a-value", V1);

    assertThatThrownBy(() -> registry.register("a-value", V2_REQUIRED_FIELD))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isIncompatible()).isTrue();
              assertThat(e.httpStatus()).isEqualTo(409);
            })
        .hasMessageContaining("a-value")
        .hasMessageContaining("incompatible");
    assertThat(registry.isCompatible("a-value", V2_REQUIRED_FIELD)).isFalse();
  }

  @Test
  void shouldAcceptNewFieldWithDefault() {
    registry.register("a-value", V1);

    int id = registry.register("a-value", V2_WITH_DEFAULT);

    assertThat(registry.latest("a-value").id()).isEqualTo(id);
    assertThat(registry.latest("a-value").version()).isEqualTo(2);
  }

  @Test
  void shouldAcceptAnythingUnderNone() {
    registry.register("a-value", V1);
    registry.setCompatibility("a-value", CompatibilityLevel.NONE);

    registry.register("a-value", V2_REQUIRED_FIELD);

    assertThat(registry.compatibility("a-value")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(registry.compatibility("other")).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void shouldReportUnknownIdAndSubjectAsNotFound() {
    assertThatThrownBy(() -> registry.schemaById(99))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.errorCode()).isEqualTo(40403);
              assertThat(e.schemaId()).hasValue(99);
            });
    assertThatThrownBy(() -> registry.idOf("nothing-value", V1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
  }

  @Test
  void shouldShareStateWithinAScope() {
    String scope = "in-memory-test-" + System.nanoTime();
    try {
      InMemorySchemaRegistryClient.forScope(scope).register("s", V1);

      assertThat(
              SchemaRegistryClients.create(SchemaRegistryOptions.of("mock://" + scope)).subjects())
          .containsExactly("s");
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }
}
