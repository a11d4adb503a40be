/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

import java.util.Arrays;

/** Median and spread that the odd outlier does not drag along. */
public final class RobustStatistics {
  /** Turns a median absolute deviation into the standard deviation of Gaussian noise. */
  public static final double MAD_TO_SIGMA = 1.4826;

  private static final double EPSILON = 1e-12;

  private RobustStatistics() {}

  /**
   * The median of {@code values} and their spread: {@code max(1.4826 · MAD, minAbsolute,
   * minRelative · |median|)}, so that a flat series does not score infinity on its first wiggle.
   *
   * @return {@code {median, scale}}
   */
  public static double[] medianAndScale(double[] values, double minAbsolute, double minRelative) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double median = median(sorted);
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = Math.abs(sorted[i] - median);
    }
    Arrays.sort(sorted);
    double mad = median(sorted);
    double scale =
        Math.max(
            Math.max(MAD_TO_SIGMA * mad, minAbsolute),
            Math.max(minRelative * Math.abs(median), EPSILON));
    return new double[] {median, scale};
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
