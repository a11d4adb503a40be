/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.schemas.avro.Severity;

/**
 * The error-burst rule's verdict on one interval: the error count against its moving average, and
 * the share of errors and warnings among all events against its own.
 *
 * @param scored false during the warm-up: then the interval counts as normal
 * @param errors errors counted in the interval
 * @param baseline the moving average the count was compared with
 * @param threshold the count from which the interval is a burst: max(minCount, factor × baseline)
 * @param severity WARNING or CRITICAL for a burst, null otherwise
 * @param warnings warnings counted in the interval
 * @param events all events of the interval (0 when the caller did not count them: then the ratio is
 *     not judged)
 * @param ratioBaseline the moving average of the share of errors and warnings
 * @param ratioThreshold the share from which the interval is a burst: max(minRatio, factor ×
 *     ratioBaseline); NaN when the ratio was not judged (no events counted, or fewer than minCount
 *     errors and warnings: a handful of lines says nothing about a share)
 */
public record BurstJudgement(
    boolean scored,
    long errors,
    double baseline,
    double threshold,
    Severity severity,
    long warnings,
    long events,
    double ratioBaseline,
    double ratioThreshold) {

  /** A verdict on the error count alone (no ratio). */
  public BurstJudgement(
      boolean scored, long errors, double baseline, double threshold, Severity severity) {
    this(scored, errors, baseline, threshold, severity, 0, 0, Double.NaN, Double.NaN);
  }

  /** Whether the interval is a burst: by its error count or by its share of errors and warnings. */
  public boolean anomalous() {
    return countBurst() || ratioBurst();
  }

  /** Whether the error count reached its threshold. */
  public boolean countBurst() {
    return scored && errors >= threshold;
  }

  /** Whether the share of errors and warnings reached its threshold (with enough of them). */
  public boolean ratioBurst() {
    return scored && ratioJudged() && errorRatio() >= ratioThreshold;
  }

  /** Whether the ratio took part in the verdict: events counted, enough errors and warnings. */
  public boolean ratioJudged() {
    return events > 0 && !Double.isNaN(ratioThreshold);
  }

  /** Errors and warnings as a share of all events of the interval; 0 without events. */
  public double errorRatio() {
    return events == 0 ? 0 : (double) (errors + warnings) / events;
  }

  /** How many times its threshold the worse of count and ratio is: at least 1 for a burst. */
  public double ratio() {
    if (!scored) {
      return 0;
    }
    double byCount = errors / threshold;
    return ratioJudged() ? Math.max(byCount, errorRatio() / ratioThreshold) : byCount;
  }
}
