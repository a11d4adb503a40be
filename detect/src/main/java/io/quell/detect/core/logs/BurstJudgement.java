/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.schemas.avro.Severity;

/**
 * The error-burst rule's verdict on one interval.
 *
 * @param scored false during the warm-up: then the interval counts as normal
 * @param errors errors counted in the interval
 * @param baseline the moving average the count was compared with
 * @param threshold the count from which the interval is a burst: max(minCount, factor × baseline)
 * @param severity WARNING or CRITICAL for a burst, null otherwise
 */
public record BurstJudgement(
    boolean scored, long errors, double baseline, double threshold, Severity severity) {

  /** Whether the interval is a burst. */
  public boolean anomalous() {
    return scored && errors >= threshold;
  }

  /** How many times the threshold the count is: at least 1 for a burst. */
  public double ratio() {
    return scored ? errors / threshold : 0;
  }
}
