/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectJobConfigTest {

  @Test
  void shouldReadThePropertiesFileGivenAsArgumentAndLetTheEnvironmentOverrideIt(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("quell.properties");
    Files.writeString(
        file,
        "bootstrap.servers=kafka:9092\nquell.detect.metric.threshold=4\nsecurity.protocol=SSL\n");

    Map<String, String> config =
        DetectJob.loadConfig(
            new String[] {file.toString()},
            Map.of(
                "QUELL_DETECT_METRIC_THRESHOLD", "6",
                "QUELL_SCHEMA_REGISTRY_URL", "http://registry:8081",
                "QUELL_UNRELATED", "x"),
            new Properties());

    assertThat(config)
        .containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("quell.detect.metric.threshold", "6")
        .containsEntry("schema.registry.url", "http://registry:8081")
        .containsEntry("security.protocol", "SSL")
        .doesNotContainKey("quell.unrelated");
  }

  @Test
  void shouldFindTheFileThroughTheSystemPropertyOrTheEnvironment(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("from-env.properties");
    Files.writeString(file, "quell.detect.group.id=from-file\n");
    Properties system = new Properties();

    assertThat(DetectJob.loadConfig(new String[0], Map.of("QUELL_CONFIG", file.toString()), system))
        .containsEntry("quell.detect.group.id", "from-file");
    system.setProperty("quell.config", file.toString());
    assertThat(DetectJob.loadConfig(new String[0], Map.of(), system))
        .containsEntry("quell.detect.group.id", "from-file");
  }

  @Test
  void shouldSayWhichFileItCannotRead() {
    assertThatThrownBy(
            () ->
                DetectJob.loadConfig(
                    new String[] {"/nonexistent/q.properties"}, Map.of(), new Properties()))
        .hasMessageContaining("/nonexistent/q.properties");
  }
}
