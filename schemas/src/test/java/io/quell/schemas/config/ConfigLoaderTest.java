/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void shouldNameEnvironmentVariablesAfterTheKeys() {
    assertThat(ConfigLoader.envName("bootstrap.servers")).isEqualTo("QUELL_BOOTSTRAP_SERVERS");
    assertThat(ConfigLoader.envName("quell.ingest.max-body-bytes"))
        .isEqualTo("QUELL_INGEST_MAX_BODY_BYTES");
    assertThat(ConfigLoader.envName("schema.registry.url")).isEqualTo("QUELL_SCHEMA_REGISTRY_URL");
  }

  @Test
  void shouldLetTheEnvironmentOverrideTheFileAndSetOverrideBoth(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("quell.properties");
    Files.writeString(
        file,
        "bootstrap.servers=file:9092\nschema.registry.url=http://file\nsecurity.protocol=SSL\n");
    Map<String, String> config =
        ConfigLoader.load(
            file,
            Map.of(
                "QUELL_BOOTSTRAP_SERVERS", "env:9092",
                "QUELL_SCHEMA_REGISTRY_URL", "http://env",
                "QUELL_SECURITY_PROTOCOL", "ignored: not a Quell key"),
            List.of("bootstrap.servers", "schema.registry.url"),
            Map.of("schema.registry.url", "http://flag"));
    assertThat(config)
        .containsEntry("bootstrap.servers", "env:9092")
        .containsEntry("schema.registry.url", "http://flag")
        .containsEntry("security.protocol", "SSL");
  }

  @Test
  void shouldNameTheFileThatCannotBeRead(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of(), List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.properties");
  }

  @Test
  void shouldLoadAJobConfigFromTheNamedFileWithSystemPropertiesOnTop(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\nquell.job.window.ms=1000\n");
    java.util.Properties system = new java.util.Properties();
    system.setProperty("quell.job.window.ms", "2000");
    system.setProperty("unrelated.property", "ignored");
    Map<String, String> config =
        ConfigLoader.forJob(
            new String[0],
            Map.of("QUELL_CONFIG", file.toString(), "QUELL_BOOTSTRAP_SERVERS", "env:9092"),
            system,
            List.of(ConfigOption.integer("quell.job.window.ms", 5, "test option")));
    assertThat(config)
        .containsEntry("bootstrap.servers", "env:9092")
        .containsEntry("quell.job.window.ms", "2000")
        .doesNotContainKey("unrelated.property");
  }
}
