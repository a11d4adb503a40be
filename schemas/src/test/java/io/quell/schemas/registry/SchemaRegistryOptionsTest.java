/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaRegistryOptionsTest {

  @Test
  void shouldApplyDefaultsForEverythingButTheUrl() {
    SchemaRegistryOptions options = SchemaRegistryOptions.of("http://127.0.0.1:8081");

    assertThat(options.autoRegister()).isTrue();
    assertThat(options.cacheCapacity()).isEqualTo(1000);
    assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.basicAuthUserInfo()).isNull();
  }

  @Test
  void shouldReadStringValuesAsKafkaPropertiesHoldThem() {
    SchemaRegistryOptions options =
        SchemaRegistryOptions.fromMap(
            Map.of(
                "schema.registry.url", "http://r:8081/apis/ccompat/v7",
                "auto.register.schemas", "false",
                "schema.registry.cache.capacity", "50",
                "schema.registry.connect.timeout.ms", "250",
                "schema.registry.request.timeout.ms", 1500L,
                "bootstrap.servers", "unrelated:9092"));

    assertThat(options.url()).isEqualTo("http://r:8081/apis/ccompat/v7");
    assertThat(options.autoRegister()).isFalse();
    assertThat(options.cacheCapacity()).isEqualTo(50);
    assertThat(options.connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(options.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void shouldRoundTripThroughItsMap() {
    SchemaRegistryOptions options =
        SchemaRegistryOptions.of("http://r:8081")
            .withAutoRegister(false)
            .withCacheCapacity(7)
            .withTimeouts(Duration.ofMillis(100), Duration.ofMillis(200))
            .withBasicAuth("quell:secret");

    assertThat(SchemaRegistryOptions.fromMap(options.toMap())).isEqualTo(options);
  }

  @Test
  void shouldRequireTheUrl() {
    assertThatThrownBy(() -> SchemaRegistryOptions.fromMap(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void shouldNameTheKeyOfAMalformedValue() {
    assertThatThrownBy(
            () ->
                SchemaRegistryOptions.fromMap(
                    Map.of("schema.registry.url", "http://r", "auto.register.schemas", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto.register.schemas")
        .hasMessageContaining("yes");
  }

  @Test
  void shouldNotShowThePasswordInToString() {
    assertThat(SchemaRegistryOptions.of("http://r").withBasicAuth("quell:secret").toString())
        .doesNotContain("secret");
  }

  @Test
  void shouldListEverySettingWithADescription() {
    assertThat(SchemaRegistryOptions.OPTIONS)
        .extracting(option -> option.key())
        .containsExactlyInAnyOrderElementsOf(
            SchemaRegistryOptions.of("http://r").withBasicAuth("a:b").toMap().keySet());
    assertThat(SchemaRegistryOptions.OPTIONS)
        .allSatisfy(option -> assertThat(option.description()).isNotBlank());
  }
}
