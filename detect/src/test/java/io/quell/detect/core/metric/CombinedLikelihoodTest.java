/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.core.service.SeriesVerdict;
import org.junit.jupiter.api.Test;

class CombinedLikelihoodTest {
  private static final long END = 1_000_000;

  private static SeriesVerdict verdict(double likelihood) {
    return new SeriesVerdict("cpu{service=\"a\"}", END, likelihood, 7, 64, 37);
  }

  @Test
  void shouldScoreTheLargerOfTheTwoLikelihoods() {
    assertThat(CombinedLikelihood.of(0.3, verdict(0.9)).score()).isEqualTo(0.9);
    assertThat(CombinedLikelihood.of(0.8, verdict(0.2)).score()).isEqualTo(0.8);
    assertThat(CombinedLikelihood.of(0.4, null).score()).isEqualTo(0.4);
    assertThat(CombinedLikelihood.of(0.4, null).service()).isZero();
    assertThat(CombinedLikelihood.of(0.1, verdict(Double.NaN)).score()).isEqualTo(0.1);
    assertThat(CombinedLikelihood.of(0.1, verdict(1.5)).score()).isEqualTo(1.0);
  }

  @Test
  void shouldNameTheLeadingDetectorFirstAndTheOtherOnlyWhenItReachesTheThreshold() {
    assertThat(CombinedLikelihood.of(0.3, verdict(0.9)).drivers(0.7))
        .containsExactly(CombinedLikelihood.SERVICE_DETECTOR);
    assertThat(CombinedLikelihood.of(0.75, verdict(0.9)).drivers(0.7))
        .containsExactly(CombinedLikelihood.SERVICE_DETECTOR, CombinedLikelihood.SERIES_DETECTOR);
    assertThat(CombinedLikelihood.of(0.9, verdict(0.8)).drivers(0.7))
        .containsExactly(CombinedLikelihood.SERIES_DETECTOR, CombinedLikelihood.SERVICE_DETECTOR);
    assertThat(CombinedLikelihood.of(0.9, null).drivers(0.7))
        .containsExactly(CombinedLikelihood.SERIES_DETECTOR);
    assertThat(CombinedLikelihood.of(0.9, verdict(0.9)).serviceLeads()).isFalse();
  }

  @Test
  void shouldTakeAVerdictOnlyFromItsBucketsEndUntilItsMaximumAge() {
    SeriesVerdict v = verdict(0.9);
    assertThat(CombinedLikelihood.fresh(v, END - 1, 60_000)).as("before its bucket ended").isNull();
    assertThat(CombinedLikelihood.fresh(v, END, 60_000)).isSameAs(v);
    assertThat(CombinedLikelihood.fresh(v, END + 60_000, 60_000)).isSameAs(v);
    assertThat(CombinedLikelihood.fresh(v, END + 60_001, 60_000)).as("stale").isNull();
    assertThat(CombinedLikelihood.fresh(v, END, 0)).as("not combining").isNull();
    assertThat(CombinedLikelihood.fresh(null, END, 60_000)).isNull();
  }
}
