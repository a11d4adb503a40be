/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

/**
 * Finds the period of a seasonal series from its autocorrelation: the highest peak that comes after
 * the autocorrelation first turned negative. A series that merely changes slowly is correlated with
 * itself at every short lag; only a repeating shape correlates again after having stopped to, so
 * peaks before the first negative value are not periods.
 */
public final class PeriodFinder {
  private PeriodFinder() {}

  /**
   * The period of {@code values} in points, or -1 when no autocorrelation peak reaches {@code
   * minAutocorrelation}. Only lags up to half the length are tried, so that a period is seen at
   * least twice.
   */
  public static int find(double[] values, double minAutocorrelation) {
    int n = values.length;
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= n;
    double variance = 0;
    for (double v : values) {
      variance += (v - mean) * (v - mean);
    }
    if (n < 8 || variance == 0) {
      return -1;
    }
    int maxLag = n / 2;
    double[] acf = new double[maxLag + 2];
    for (int lag = 1; lag <= maxLag + 1 && lag < n; lag++) {
      double sum = 0;
      for (int i = lag; i < n; i++) {
        sum += (values[i] - mean) * (values[i - lag] - mean);
      }
      acf[lag] = sum / variance;
    }
    int lag = 1;
    while (lag <= maxLag && acf[lag] > 0) {
      lag++;
    }
    int best = -1;
    double bestAcf = minAutocorrelation;
    for (; lag <= maxLag; lag++) {
      if (acf[lag] > bestAcf && acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1]) {
        bestAcf = acf[lag];
        best = lag;
      }
    }
    return best;
  }
}
