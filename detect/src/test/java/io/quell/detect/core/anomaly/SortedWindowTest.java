/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sorted window answers exactly what sorting a copy of the same values answers, whatever the
 * values (ties, plateaus, outliers) and the capacity.
 */
class SortedWindowTest {

  @ParameterizedTest(name = "capacity {0}, seed {1}")
  @CsvSource({"1, 1", "2, 2", "7, 3", "60, 4", "200, 5", "201, 6"})
  void shouldGiveTheSameMedianAndScaleAsSortingACopy(int capacity, long seed) {
    Random random = new Random(seed);
    SortedWindow window = new SortedWindow();
    ArrayDeque<Double> reference = new ArrayDeque<>();
    for (int i = 0; i < 3000; i++) {
      double value =
          switch (random.nextInt(4)) {
            case 0 -> Math.round(random.nextGaussian() * 3) / 2.0; // ties
            case 1 -> 5.0; // a plateau
            case 2 -> random.nextGaussian() * 1000; // outliers
            default -> random.nextDouble();
          };
      window.add(value, capacity);
      reference.addLast(value);
      if (reference.size() > capacity) {
        reference.removeFirst();
      }
      double[] expected =
          RobustStatistics.medianAndScale(
              reference.stream().mapToDouble(Double::doubleValue).toArray(), 1e-3, 0.02);

      assertThat(window.medianAndScale(1e-3, 0.02))
          .as("after %d values", i + 1)
          .containsExactly(expected);
      assertThat(window.getSize()).isEqualTo(reference.size());
    }
  }

  @ParameterizedTest(name = "{0} to {1}")
  @CsvSource({"10, 4", "4, 10"})
  void shouldKeepTheNewestValuesWhenTheCapacityChanges(int before, int after) {
    SortedWindow window = new SortedWindow();
    for (int i = 1; i <= 20; i++) {
      window.add(i, before);
    }
    window.add(21, after);

    // The window held the last `before` values; it now holds at most `after`, the new one among
    // them.
    int kept = Math.min(after, before + 1);
    assertThat(window.getSize()).isEqualTo(kept);
    // The newest values: 21 and the kept - 1 before it; their median.
    double[] expected = new double[kept];
    for (int i = 0; i < kept; i++) {
      expected[i] = 21 - kept + 1 + i;
    }
    assertThat(window.medianAndScale(0, 0)[0])
        .isEqualTo(RobustStatistics.medianAndScale(expected, 0, 0)[0]);
  }

  @ParameterizedTest(name = "k {0}")
  @CsvSource({"1", "4", "50"})
  void shouldGiveTheSameNearestDistanceAsSortingTheDistances(int k) {
    Random random = new Random(k);
    SortedWindow window = new SortedWindow();
    ArrayDeque<Double> reference = new ArrayDeque<>();
    for (int i = 0; i < 2000; i++) {
      double value =
          random.nextBoolean() ? Math.round(random.nextGaussian() * 4) : random.nextGaussian();
      window.add(value, 20);
      reference.addLast(value);
      if (reference.size() > 20) {
        reference.removeFirst();
      }
      double probe = random.nextGaussian() * 5;
      double[] distances =
          reference.stream().mapToDouble(v -> Math.abs(v - probe)).sorted().toArray();
      assertThat(window.nearestDistance(probe, k))
          .isEqualTo(distances[Math.min(k, distances.length) - 1]);
    }
  }
}
