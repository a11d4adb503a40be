/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PeriodFinderTest {

  @Test
  void shouldFindTheDailyPeriodOfANoisyDailyCycle() {
    Random random = new Random(3);
    double[] values = new double[600];
    for (int i = 0; i < values.length; i++) {
      values[i] = 50 + 20 * Math.sin(2 * Math.PI * i / 144) + random.nextGaussian() * 3;
    }

    assertThat(PeriodFinder.find(values, 0.5)).isBetween(142, 146);
  }

  @Test
  void shouldNotTakeASlowTrendOrNoiseForASeason() {
    Random random = new Random(4);
    double[] trend = new double[600];
    double[] noise = new double[600];
    for (int i = 0; i < trend.length; i++) {
      trend[i] = i * 0.5 + random.nextGaussian();
      noise[i] = random.nextGaussian();
    }

    assertThat(PeriodFinder.find(trend, 0.5)).isEqualTo(-1);
    assertThat(PeriodFinder.find(noise, 0.5)).isEqualTo(-1);
    assertThat(PeriodFinder.find(new double[600], 0.5)).isEqualTo(-1);
  }
}
