/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import java.io.Serializable;

/**
 * Settings of the {@link ErrorBurstRule}.
 *
 * @param intervalMs length of the tumbling event-time intervals errors are counted in
 * @param minCount errors per interval below which nothing is a burst, however quiet the baseline
 * @param factor how many times the baseline an interval's count must reach to be a burst
 * @param criticalFactor how many times the burst threshold makes a burst CRITICAL
 * @param alpha weight of the newest normal interval in the moving average (0 to 1]
 * @param warmUpIntervals intervals learned before the first judgement
 * @param minRatio share of errors and warnings among all events of an interval below which the
 *     share is never a burst; the share is a burst from max(minRatio, factor × its average), with
 *     at least minCount errors and warnings
 */
public record ErrorBurstSettings(
    long intervalMs,
    int minCount,
    double factor,
    double criticalFactor,
    double alpha,
    int warmUpIntervals,
    double minRatio)
    implements Serializable {

  /** The default minimum ratio. */
  public static final double DEFAULT_MIN_RATIO = 0.1;

  /** Settings with the default minimum ratio. */
  public ErrorBurstSettings(
      long intervalMs,
      int minCount,
      double factor,
      double criticalFactor,
      double alpha,
      int warmUpIntervals) {
    this(intervalMs, minCount, factor, criticalFactor, alpha, warmUpIntervals, DEFAULT_MIN_RATIO);
  }

  public ErrorBurstSettings {
    if (intervalMs < 1) {
      throw new IllegalArgumentException("intervalMs must be positive but is " + intervalMs);
    }
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be at least 1 but is " + minCount);
    }
    if (!(factor >= 1) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be at least 1 but is " + factor);
    }
    if (!(criticalFactor >= 1) || Double.isInfinite(criticalFactor)) {
      throw new IllegalArgumentException(
          "criticalFactor must be at least 1 but is " + criticalFactor);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1] but is " + alpha);
    }
    if (!(minRatio > 0 && minRatio <= 1)) {
      throw new IllegalArgumentException("minRatio must be in (0, 1] but is " + minRatio);
    }
    if (warmUpIntervals < 0) {
      throw new IllegalArgumentException(
          "warmUpIntervals must not be negative but is " + warmUpIntervals);
    }
  }

  /** The defaults of the detect job's options. */
  public static ErrorBurstSettings defaults() {
    return new ErrorBurstSettings(60_000, 5, 3.0, 3.0, 0.1, 3, DEFAULT_MIN_RATIO);
  }
}
