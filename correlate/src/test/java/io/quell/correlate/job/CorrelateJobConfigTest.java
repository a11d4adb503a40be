/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrelateJobConfigTest {

  @TempDir Path directory;

  @Test
  void shouldReadThePropertiesFileAndLetSystemPropertiesOverrideIt() throws Exception {
    Path file = directory.resolve("correlate.properties");
    Files.writeString(
        file,
        "bootstrap.servers=kafka:9092\n"
            + "quell.correlate.group-window.ms=60000\n"
            + "quell.correlate.max-members=50\n");
    Properties system = new Properties();
    system.setProperty("quell.correlate.max-members", "70");
    system.setProperty("java.version", "17");

    Map<String, Object> config =
        CorrelateJob.configFrom(new String[] {file.toString()}, Map.of(), system);

    assertThat(config)
        .containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("quell.correlate.group-window.ms", "60000")
        .containsEntry("quell.correlate.max-members", "70")
        .doesNotContainKey("java.version");
  }

  @Test
  void shouldFindTheFileThroughTheEnvironmentWithoutArguments() throws Exception {
    Path file = directory.resolve("from-env.properties");
    Files.writeString(file, "bootstrap.servers=env:9092\n");

    Map<String, Object> config =
        CorrelateJob.configFrom(
            new String[0], Map.of("QUELL_CONFIG", file.toString()), new Properties());

    assertThat(config).containsEntry("bootstrap.servers", "env:9092");
  }

  @Test
  void shouldRefuseAKafkaPipelineWithoutBootstrapServers() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

    assertThatThrownBy(
            () ->
                CorrelateJob.addKafkaPipeline(
                    env, Map.of("schema.registry.url", "mock://correlate-config")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap.servers");
  }
}
