/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import java.io.Serializable;

/**
 * Settings of the {@link RobustBaselineDetector}.
 *
 * @param windowPoints how many recent normal points the baseline is computed from
 * @param warmUpPoints points learned before the first score (at least 3, at most windowPoints)
 * @param threshold robust z-score from which a point is anomalous (and not learned from)
 * @param minScaleAbsolute lower bound of the expected spread, in the metric's unit: a flat series
 *     does not score infinity on its first wiggle
 * @param minScaleRelative lower bound of the expected spread as a fraction of |median|
 * @param relearnAfterPoints anomalous points in a row after which the series is taken to have a new
 *     level: the window is emptied and learned again; 0 never
 */
public record RobustBaselineSettings(
    int windowPoints,
    int warmUpPoints,
    double threshold,
    double minScaleAbsolute,
    double minScaleRelative,
    int relearnAfterPoints)
    implements Serializable {

  public RobustBaselineSettings {
    if (windowPoints < 3) {
      throw new IllegalArgumentException("windowPoints must be at least 3 but is " + windowPoints);
    }
    if (warmUpPoints < 3 || warmUpPoints > windowPoints) {
      throw new IllegalArgumentException(
          "warmUpPoints must be between 3 and windowPoints ("
              + windowPoints
              + ") but is "
              + warmUpPoints);
    }
    if (!(threshold > 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold must be positive but is " + threshold);
    }
    if (!(minScaleAbsolute >= 0) || !(minScaleRelative >= 0)) {
      throw new IllegalArgumentException("minimum scales must not be negative");
    }
    if (relearnAfterPoints < 0) {
      throw new IllegalArgumentException(
          "relearnAfterPoints must not be negative but is " + relearnAfterPoints);
    }
  }

  /** The defaults of the detect job's options. */
  public static RobustBaselineSettings defaults() {
    return new RobustBaselineSettings(60, 20, 5.0, 0.001, 0.02, 60);
  }
}
