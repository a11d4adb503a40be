/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import java.util.Arrays;

/**
 * The newest value of each of a service's series within one bucket, whatever order the points came
 * in: the newer point of a series replaces the older one, and of two with one timestamp the one put
 * later counts. Series are kept sorted by id. A plain bean so that Flink keeps it with its POJO
 * serializer (the job holds one per bucket not yet closed); the replay fills it the same way.
 */
public class BucketValues {
  private String[] series = new String[0];
  private double[] values = new double[0];
  private long[] times = new long[0];

  public BucketValues() {}

  /**
   * Notes {@code value} of {@code seriesId} at event time {@code at}; non-finite values are left
   * out.
   */
  public void put(String seriesId, double value, long at) {
    if (!Double.isFinite(value)) {
      return;
    }
    int i = Arrays.binarySearch(series, seriesId);
    if (i >= 0) {
      if (at >= times[i]) {
        values[i] = value;
        times[i] = at;
      }
      return;
    }
    i = -i - 1;
    int n = series.length;
    String[] s = new String[n + 1];
    double[] v = new double[n + 1];
    long[] t = new long[n + 1];
    System.arraycopy(series, 0, s, 0, i);
    System.arraycopy(values, 0, v, 0, i);
    System.arraycopy(times, 0, t, 0, i);
    s[i] = seriesId;
    v[i] = value;
    t[i] = at;
    System.arraycopy(series, i, s, i + 1, n - i);
    System.arraycopy(values, i, v, i + 1, n - i);
    System.arraycopy(times, i, t, i + 1, n - i);
    series = s;
    values = v;
    times = t;
  }

  /** Whether {@code seriesId} has a value in the bucket. */
  public boolean contains(String seriesId) {
    return Arrays.binarySearch(series, seriesId) >= 0;
  }

  public String[] getSeries() {
    return series;
  }

  public void setSeries(String[] series) {
    this.series = series;
  }

  public double[] getValues() {
    return values;
  }

  public void setValues(double[] values) {
    this.values = values;
  }

  /** Event time of each value. */
  public long[] getTimes() {
    return times;
  }

  public void setTimes(long[] times) {
    this.times = times;
  }
}
