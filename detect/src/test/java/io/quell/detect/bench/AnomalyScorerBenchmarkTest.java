/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark method once, untimed, so that a broken benchmark fails the build. */
class AnomalyScorerBenchmarkTest {

  @Test
  void benchmarkMethodsRunOnceOnLearnedSeries() {
    AnomalyScorerBenchmark benchmark = new AnomalyScorerBenchmark();
    benchmark.setUp();

    assertThat(benchmark.scorePlainSeries().period()).isEqualTo(-1);
    assertThat(benchmark.scoreSeasonalSeries().period())
        .isBetween(AnomalyScorerBenchmark.PERIOD - 3, AnomalyScorerBenchmark.PERIOD + 3);
    assertThat(benchmark.seasonalState().isSeasonDecided()).isTrue();
    // a calm series with a calm verdict: judged, and no alert
    assertThat(benchmark.judgePlainPointWithAServiceVerdict()).isEmpty();
  }
}
