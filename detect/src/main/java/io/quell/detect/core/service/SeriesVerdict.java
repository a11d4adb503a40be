/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import java.util.Objects;

/**
 * The service model's verdict on one series of a service for one bucket: how well the series' value
 * fits the values of the service's other series, as a likelihood on the scale of the per-series
 * scorer's. It is what the per-series monitor combines with its own likelihood (the job sends it
 * from the service operator to the series operator, keyed by series id).
 *
 * <p>A plain bean so that Flink keeps it with its POJO serializer, in state and on the wire.
 */
public class SeriesVerdict {
  private String seriesId;
  private long bucketEnd;
  private double likelihood;
  private double deviation;
  private double observed;
  private double expected;

  public SeriesVerdict() {}

  /**
   * @param seriesId the series (its {@code RecordKeys.seriesId})
   * @param bucketEnd event time at which the judged bucket ends (exclusive)
   * @param likelihood anomaly likelihood of the series' recent deviations from what the other
   *     series make expected, in [0, 1]
   * @param deviation the series' distance from that expected value, in conditional standard
   *     deviations
   * @param observed the series' value in the bucket's vector
   * @param expected the value the other series make expected for it (the conditional mean)
   */
  public SeriesVerdict(
      String seriesId,
      long bucketEnd,
      double likelihood,
      double deviation,
      double observed,
      double expected) {
    this.seriesId = seriesId;
    this.bucketEnd = bucketEnd;
    this.likelihood = likelihood;
    this.deviation = deviation;
    this.observed = observed;
    this.expected = expected;
  }

  public String getSeriesId() {
    return seriesId;
  }

  public void setSeriesId(String seriesId) {
    this.seriesId = seriesId;
  }

  public long getBucketEnd() {
    return bucketEnd;
  }

  public void setBucketEnd(long bucketEnd) {
    this.bucketEnd = bucketEnd;
  }

  public double getLikelihood() {
    return likelihood;
  }

  public void setLikelihood(double likelihood) {
    this.likelihood = likelihood;
  }

  public double getDeviation() {
    return deviation;
  }

  public void setDeviation(double deviation) {
    this.deviation = deviation;
  }

  public double getObserved() {
    return observed;
  }

  public void setObserved(double observed) {
    this.observed = observed;
  }

  public double getExpected() {
    return expected;
  }

  public void setExpected(double expected) {
    this.expected = expected;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesVerdict v
        && Objects.equals(seriesId, v.seriesId)
        && bucketEnd == v.bucketEnd
        && Double.compare(likelihood, v.likelihood) == 0
        && Double.compare(deviation, v.deviation) == 0
        && Double.compare(observed, v.observed) == 0
        && Double.compare(expected, v.expected) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(seriesId, bucketEnd, likelihood, deviation, observed, expected);
  }

  @Override
  public String toString() {
    return "SeriesVerdict{"
        + seriesId
        + " until "
        + bucketEnd
        + ": likelihood "
        + likelihood
        + ", deviation "
        + deviation
        + ", observed "
        + observed
        + ", expected "
        + expected
        + "}";
  }
}
