/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

import java.io.Serializable;

/**
 * Settings of the {@link AnomalyScorer}, all counted in points of the series.
 *
 * @param windowPoints points the robust baseline (median and spread) of values, steps and seasonal
 *     residuals is taken from
 * @param warmUpPoints points before the first raw score
 * @param rawScale robust z-score that counts as a raw score of 1 (raw = min(1, z / rawScale))
 * @param minScaleAbsolute lower bound of the spread, in the metric's unit
 * @param minScaleRelative lower bound of the spread as a share of |median|
 * @param seasonLearnPoints points looked at before deciding whether the series is seasonal
 * @param minAutocorrelation autocorrelation a period must reach to count
 * @param seasonsRemembered past seasons whose value at the same phase the expectation is the median
 *     of
 * @param likelihoodWindow raw scores averaged by the likelihood
 * @param likelihoodHalfLife points after which a past average weighs half in the likelihood's
 *     history
 * @param likelihoodLearnPoints points before the first likelihood
 * @param fireThreshold score from which an anomaly is reported
 * @param holdPoints points after a report during which the same episode is not reported again
 * @param nearestNeighbours the value's z-score is capped by its distance to its k-th nearest value
 *     in the window (0: off)
 * @param rangeTolerance a value beyond the series' lowest or highest by more than this share of
 *     their distance scores 1 (negative: off)
 * @param rangeLearnPoints points seen before the range rule applies
 */
public record AnomalySettings(
    int windowPoints,
    int warmUpPoints,
    double rawScale,
    double minScaleAbsolute,
    double minScaleRelative,
    int seasonLearnPoints,
    double minAutocorrelation,
    int seasonsRemembered,
    int likelihoodWindow,
    int likelihoodHalfLife,
    int likelihoodLearnPoints,
    double fireThreshold,
    int holdPoints,
    int nearestNeighbours,
    double rangeTolerance,
    int rangeLearnPoints)
    implements Serializable {

  public AnomalySettings {
    if (windowPoints < 3 || warmUpPoints < 3 || warmUpPoints > windowPoints) {
      throw new IllegalArgumentException("need 3 <= warmUpPoints <= windowPoints");
    }
    if (!(rawScale > 0) || !(fireThreshold > 0 && fireThreshold <= 1)) {
      throw new IllegalArgumentException("rawScale must be positive and fireThreshold in (0, 1]");
    }
    if (seasonLearnPoints < 8 || seasonsRemembered < 1 || likelihoodWindow < 1) {
      throw new IllegalArgumentException("season and likelihood windows too small");
    }
    if (likelihoodHalfLife < 1 || likelihoodLearnPoints < 0 || holdPoints < 0) {
      throw new IllegalArgumentException("half-life, learning and hold must not be negative");
    }
    if (nearestNeighbours < 0 || rangeLearnPoints < 0) {
      throw new IllegalArgumentException("nearestNeighbours and rangeLearnPoints must be >= 0");
    }
  }

  /** The defaults: chosen once on NAB's nab-dev files, one setting for every series. */
  public static AnomalySettings defaults() {
    return new AnomalySettings(
        200, 20, 30, 1e-3, 0.02, 600, 0.5, 2, 10, 300, 300, 0.4, 150, 4, 0.02, 600);
  }

  /** These settings with another {@code holdPoints}. */
  public AnomalySettings withHoldPoints(int points) {
    return new AnomalySettings(
        windowPoints,
        warmUpPoints,
        rawScale,
        minScaleAbsolute,
        minScaleRelative,
        seasonLearnPoints,
        minAutocorrelation,
        seasonsRemembered,
        likelihoodWindow,
        likelihoodHalfLife,
        likelihoodLearnPoints,
        fireThreshold,
        points,
        nearestNeighbours,
        rangeTolerance,
        rangeLearnPoints);
  }

  /** These settings with another {@code nearestNeighbours} (0 switches the cap off). */
  public AnomalySettings withNearestNeighbours(int k) {
    return new AnomalySettings(
        windowPoints,
        warmUpPoints,
        rawScale,
        minScaleAbsolute,
        minScaleRelative,
        seasonLearnPoints,
        minAutocorrelation,
        seasonsRemembered,
        likelihoodWindow,
        likelihoodHalfLife,
        likelihoodLearnPoints,
        fireThreshold,
        holdPoints,
        k,
        rangeTolerance,
        rangeLearnPoints);
  }
}
