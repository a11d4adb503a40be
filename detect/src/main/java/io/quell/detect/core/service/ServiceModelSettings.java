/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import java.io.Serializable;

/**
 * Settings of the {@link ServiceModel}, the multivariate model of one service.
 *
 * @param bucketMillis event-time length of a bucket: one vector per bucket, made of the last value
 *     of each of the service's series
 * @param maxSeries series of a service that become features; later ones are left to the per-series
 *     detector
 * @param trainingVectors vectors the model is fitted to (the newest ones at fitting time)
 * @param retrainEvery vectors after which the model is fitted again to the newest ones
 * @param minTrainingVectors vectors needed before the first fit
 * @param trimmedShare share of the training vectors farthest from the first fit that the second,
 *     robust fit leaves out (so that a past incident in the training window does not widen what
 *     counts as normal)
 * @param rawScale distance (in standard deviations per feature) that counts as a raw score of 1
 * @param likelihoodWindow raw scores averaged by the likelihood
 * @param likelihoodHalfLife vectors after which a past average weighs half in the likelihood
 * @param likelihoodLearnVectors scored vectors before the first likelihood
 * @param fireThreshold likelihood from which a vector is anomalous
 * @param holdVectors vectors after a report during which the same episode is not reported again
 * @param seriesMinDeviation deviation from the value the other series make expected (in conditional
 *     standard deviations) below which the model's likelihood for a series is 0: the likelihood
 *     measures how unusual a deviation is for the series, and a series whose fit to the others is
 *     usually very tight would otherwise look unusual for a deviation no one would call an anomaly
 */
public record ServiceModelSettings(
    long bucketMillis,
    int maxSeries,
    int trainingVectors,
    int retrainEvery,
    int minTrainingVectors,
    double trimmedShare,
    double rawScale,
    int likelihoodWindow,
    int likelihoodHalfLife,
    int likelihoodLearnVectors,
    double fireThreshold,
    int holdVectors,
    double seriesMinDeviation)
    implements Serializable {

  public ServiceModelSettings {
    if (bucketMillis < 1 || maxSeries < 1) {
      throw new IllegalArgumentException("bucketMillis and maxSeries must be positive");
    }
    if (minTrainingVectors < 8 || minTrainingVectors > trainingVectors || retrainEvery < 1) {
      throw new IllegalArgumentException(
          "need 8 <= minTrainingVectors <= trainingVectors and retrainEvery >= 1");
    }
    if (!(trimmedShare >= 0 && trimmedShare < 0.5) || !(rawScale > 0)) {
      throw new IllegalArgumentException("need 0 <= trimmedShare < 0.5 and rawScale > 0");
    }
    if (likelihoodWindow < 1 || likelihoodHalfLife < 1 || likelihoodLearnVectors < 0) {
      throw new IllegalArgumentException("likelihood window and half-life must be positive");
    }
    if (!(fireThreshold > 0 && fireThreshold <= 1) || holdVectors < 0) {
      throw new IllegalArgumentException("fireThreshold must be in (0, 1], holdVectors >= 0");
    }
    if (!(seriesMinDeviation >= 0)) {
      throw new IllegalArgumentException("seriesMinDeviation must not be negative");
    }
  }

  /**
   * The defaults: 30-second buckets, a model of the last 256 vectors (about two hours), fitted
   * again every 64 vectors (about half an hour), first fitted after 64; a series' verdict counts
   * from 6 conditional standard deviations.
   */
  public static ServiceModelSettings defaults() {
    return new ServiceModelSettings(30_000, 16, 256, 64, 64, 0.1, 5, 5, 300, 32, 0.5, 20, 6);
  }
}
