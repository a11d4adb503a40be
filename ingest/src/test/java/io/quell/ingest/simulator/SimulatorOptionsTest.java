/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration LENGTH = Duration.ofMinutes(15);

  @Test
  void shouldStartALengthAgoWhenPlayingAsFastAsPossible() {
    assertThat(SimulatorOptions.defaults().withSpeed(0).resolveStart(LENGTH, NOW))
        .isEqualTo(NOW.minus(LENGTH));
  }

  @Test
  void shouldStartNowInRealTime() {
    assertThat(SimulatorOptions.defaults().resolveStart(LENGTH, NOW)).isEqualTo(NOW);
    assertThat(SimulatorOptions.defaults().withSpeed(0.5).resolveStart(LENGTH, NOW)).isEqualTo(NOW);
  }

  @Test
  void shouldStartSoThatTheScenarioEndsWhenThePlayEnds() {
    Instant start = SimulatorOptions.defaults().withSpeed(30).resolveStart(LENGTH, NOW);

    assertThat(start.plus(LENGTH)).isEqualTo(NOW.plusSeconds(30));
  }

  @Test
  void shouldUseAGivenStart() {
    Instant given = Instant.parse("2025-12-24T18:00:00Z");

    assertThat(SimulatorOptions.defaults().withStart(given).resolveStart(LENGTH, NOW))
        .isEqualTo(given);
  }

  @Test
  void shouldReadTheSettings() {
    SimulatorOptions options =
        SimulatorOptions.fromConfig(
            Map.of(
                "quell.ingest.simulator.speed", "12.5",
                "quell.ingest.simulator.start", "2026-01-01T00:00:00Z",
                "quell.ingest.simulator.ground-truth-file", "out/truth.json"));

    assertThat(options)
        .isEqualTo(
            new SimulatorOptions(
                12.5, Instant.parse("2026-01-01T00:00:00Z"), Path.of("out/truth.json")));
    assertThat(SimulatorOptions.fromConfig(Map.of())).isEqualTo(SimulatorOptions.defaults());
  }

  @Test
  void shouldNameTheBadSetting() {
    assertThatThrownBy(
            () -> SimulatorOptions.fromConfig(Map.of("quell.ingest.simulator.speed", "fast")))
        .hasMessageContaining("quell.ingest.simulator.speed");
    assertThatThrownBy(
            () -> SimulatorOptions.fromConfig(Map.of("quell.ingest.simulator.start", "today")))
        .hasMessageContaining("quell.ingest.simulator.start");
    assertThatThrownBy(() -> SimulatorOptions.defaults().withSpeed(-1))
        .hasMessageContaining("speed");
  }
}
