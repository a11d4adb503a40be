/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

import java.util.Arrays;

/**
 * The last {@code capacity} values of a series, kept both in arrival order (to know which one
 * leaves) and sorted (so that the median is read in O(1) and the median absolute deviation found by
 * walking outwards from it, without copying or sorting per point). Same results as sorting a copy
 * each time ({@link RobustStatistics#medianAndScale}), at a fraction of the cost.
 *
 * <p>A plain bean for Flink's POJO serializer; the window methods are not properties.
 */
public class SortedWindow {
  private double[] ring;
  private double[] sorted;
  private int size;
  private int next;

  public SortedWindow() {}

  /** Adds {@code value}, dropping the oldest when {@code capacity} values are held. */
  public void add(double value, int capacity) {
    if (ring == null || ring.length != capacity) {
      resize(capacity);
    }
    if (size == capacity) {
      replace(ring[next], value);
    } else {
      size++;
      insert(value);
    }
    ring[next] = value;
    next = (next + 1) % capacity;
  }

  public int size() {
    return size;
  }

  /**
   * Median and spread, as {@link RobustStatistics#medianAndScale} computes them from the same
   * values.
   */
  public double[] medianAndScale(double minAbsolute, double minRelative) {
    int n = size;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    double mad = middleDeviation(median, n);
    double scale =
        Math.max(
            Math.max(RobustStatistics.MAD_TO_SIGMA * mad, minAbsolute),
            Math.max(minRelative * Math.abs(median), 1e-12));
    return new double[] {median, scale};
  }

  /**
   * The median of |x − median| over the window. The deviations below the median grow leftwards and
   * those above it rightwards: two sorted sequences, whose middle element (or two middle elements,
   * averaged, for an even count) is found by bisection in O(log n), without merging them.
   */
  private double middleDeviation(double median, int n) {
    int right = lowerBound(median, size);
    if (n % 2 == 1) {
      return smallestDeviation(median, right, n / 2 + 1);
    }
    return (smallestDeviation(median, right, n / 2) + smallestDeviation(median, right, n / 2 + 1))
        / 2;
  }

  /**
   * The {@code k}-th smallest (from 1) of the deviations: {@code median − sorted[right − 1 − i]}
   * for i below {@code right}, and {@code sorted[right + j] − median} for the others.
   */
  private double smallestDeviation(double median, int right, int k) {
    int below = right;
    int above = size - right;
    // i deviations from below and k − i from above: find the smallest i whose next deviation
    // from below is not smaller than the last one taken from above.
    int low = Math.max(0, k - above);
    int high = Math.min(k, below);
    while (low < high) {
      int i = (low + high) >>> 1;
      int j = k - i;
      if (j > 0 && (sorted[right + j - 1] - median) > (median - sorted[right - 1 - i])) {
        low = i + 1;
      } else {
        high = i;
      }
    }
    int i = low;
    int j = k - i;
    double fromBelow = i > 0 ? median - sorted[right - i] : Double.NEGATIVE_INFINITY;
    double fromAbove = j > 0 ? sorted[right + j - 1] - median : Double.NEGATIVE_INFINITY;
    return Math.max(fromBelow, fromAbove);
  }

  /**
   * The distance from {@code value} to its {@code k}-th nearest value in the window (the farthest
   * value when fewer are held): zero when the value is common here, however far from the median.
   */
  public double nearestDistance(double value, int k) {
    int right = lowerBound(value, size);
    int left = right - 1;
    double distance = 0;
    for (int taken = 0; taken < Math.min(k, size); taken++) {
      double fromLeft = left >= 0 ? value - sorted[left] : Double.POSITIVE_INFINITY;
      double fromRight = right < size ? sorted[right] - value : Double.POSITIVE_INFINITY;
      if (fromLeft <= fromRight) {
        distance = fromLeft;
        left--;
      } else {
        distance = fromRight;
        right++;
      }
    }
    return distance;
  }

  /**
   * The first index among the first {@code length} sorted values that is not below {@code value}.
   */
  private int lowerBound(double value, int length) {
    int low = 0;
    int high = length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private void insert(double value) {
    // size already counts the new value: size - 1 sorted values are in place.
    int count = size - 1;
    int at = lowerBound(value, count);
    System.arraycopy(sorted, at, sorted, at + 1, count - at);
    sorted[at] = value;
  }

  /**
   * Swaps {@code oldest} for {@code value} in the sorted values with one shift of the values
   * between their places, instead of a removal and an insertion that each shift half the window.
   */
  private void replace(double oldest, double value) {
    // Equal values are interchangeable; NaN never enters (callers pass finite values).
    int from = lowerBound(oldest, size);
    int to = lowerBound(value, size);
    if (to > from) {
      // The values in [oldest, value) move down one place; value goes just below them.
      System.arraycopy(sorted, from + 1, sorted, from, to - 1 - from);
      sorted[to - 1] = value;
    } else {
      // The values in [value, oldest) move up one place, over oldest.
      System.arraycopy(sorted, to, sorted, to + 1, from - to);
      sorted[to] = value;
    }
  }

  // A changed capacity keeps the newest values that fit.
  private void resize(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 but is " + capacity);
    }
    double[] kept = new double[size];
    for (int i = 0; i < size; i++) {
      kept[i] = ring[Math.floorMod(next - size + i, ring.length)];
    }
    int keep = Math.min(size, capacity);
    ring = new double[capacity];
    sorted = new double[capacity];
    System.arraycopy(kept, size - keep, ring, 0, keep);
    size = keep;
    next = keep % capacity;
    double[] order = Arrays.copyOf(ring, keep);
    Arrays.sort(order);
    System.arraycopy(order, 0, sorted, 0, keep);
  }

  public double[] getRing() {
    return ring;
  }

  public void setRing(double[] ring) {
    this.ring = ring;
  }

  public double[] getSorted() {
    return sorted;
  }

  public void setSorted(double[] sorted) {
    this.sorted = sorted;
  }

  public int getSize() {
    return size;
  }

  public void setSize(int size) {
    this.size = size;
  }

  public int getNext() {
    return next;
  }

  public void setNext(int next) {
    this.next = next;
  }
}
