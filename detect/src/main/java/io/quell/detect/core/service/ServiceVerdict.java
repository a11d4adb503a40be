/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import java.util.List;

/**
 * The service model's verdict on one vector of a service.
 *
 * @param scored false while the model is not fitted yet (nothing else is meaningful then)
 * @param score likelihood of the recent raw scores, in [0, 1]; 0 while held after a report
 * @param reported true when the score reached the fire threshold outside a hold
 * @param distance Mahalanobis distance of the vector from the fitted centre, per feature (about 1
 *     for usual vectors)
 * @param series the series that fits the others least: the largest deviation from the value the
 *     other series' values make expected
 * @param observed that series' value in the vector
 * @param expected the value the other series make expected for it
 * @param deviation its distance from that value, in conditional standard deviations
 * @param bucketStart event time at which the vector's bucket starts
 * @param perSeries the verdict on each series (each feature's own likelihood and expected value);
 *     empty when unscored
 */
public record ServiceVerdict(
    boolean scored,
    double score,
    boolean reported,
    double distance,
    String series,
    double observed,
    double expected,
    double deviation,
    long bucketStart,
    List<SeriesVerdict> perSeries) {

  /** The same verdict with other per-series verdicts. */
  public ServiceVerdict withPerSeries(List<SeriesVerdict> perSeries) {
    return new ServiceVerdict(
        scored,
        score,
        reported,
        distance,
        series,
        observed,
        expected,
        deviation,
        bucketStart,
        perSeries);
  }
}
