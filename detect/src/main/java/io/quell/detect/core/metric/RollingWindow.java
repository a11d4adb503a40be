/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import java.util.Arrays;

/**
 * The last points of one series that the robust baseline learned from: a ring buffer of at most
 * {@code capacity} doubles, plus how many points in a row the baseline refused to learn. Its size
 * is fixed by the window length, whatever the series does, which bounds the memory per series.
 *
 * <p>A plain bean (public no-argument constructor, accessors) so that Flink keeps it with its POJO
 * serializer; the ring-buffer methods are not properties.
 */
public class RollingWindow {
  private double[] values;
  private int size;
  private int next;
  private int rejectedRun;

  public RollingWindow() {}

  /** Adds {@code value}, dropping the oldest value when {@code capacity} values are held. */
  public void add(double value, int capacity) {
    if (values == null || values.length != capacity) {
      resize(capacity);
    }
    values[next] = value;
    next = (next + 1) % capacity;
    if (size < capacity) {
      size++;
    }
  }

  /** A copy of the values held, oldest first. */
  public double[] snapshot() {
    double[] copy = new double[size];
    if (size == 0) {
      return copy;
    }
    int capacity = values.length;
    int oldest = size < capacity ? 0 : next;
    for (int i = 0; i < size; i++) {
      copy[i] = values[(oldest + i) % capacity];
    }
    return copy;
  }

  /** Forgets every value; the buffer keeps its allocation. */
  public void clear() {
    size = 0;
    next = 0;
    rejectedRun = 0;
  }

  // A different capacity (a changed setting after a restart) keeps the newest values that fit.
  private void resize(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 but is " + capacity);
    }
    double[] kept = snapshot();
    int keep = Math.min(kept.length, capacity);
    double[] resized = new double[capacity];
    System.arraycopy(kept, kept.length - keep, resized, 0, keep);
    values = resized;
    size = keep;
    next = keep % capacity;
  }

  public double[] getValues() {
    return values;
  }

  public void setValues(double[] values) {
    this.values = values;
  }

  /** How many values are held. */
  public int getSize() {
    return size;
  }

  public void setSize(int size) {
    this.size = size;
  }

  /** Where the next value goes. */
  public int getNext() {
    return next;
  }

  public void setNext(int next) {
    this.next = next;
  }

  /** Points in a row that were too anomalous to learn from. */
  public int getRejectedRun() {
    return rejectedRun;
  }

  public void setRejectedRun(int rejectedRun) {
    this.rejectedRun = rejectedRun;
  }

  @Override
  public String toString() {
    return "RollingWindow" + Arrays.toString(snapshot()) + "[rejectedRun=" + rejectedRun + "]";
  }
}
