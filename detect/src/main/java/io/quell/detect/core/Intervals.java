/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core;

/**
 * Event-time arithmetic of the detectors: tumbling intervals aligned to the epoch, as Flink's
 * tumbling windows are (the log detectors' intervals, the service model's buckets), and deadlines
 * that do not overflow.
 */
public final class Intervals {
  private Intervals() {}

  /** Start (inclusive) of the interval of length {@code lengthMs} that contains {@code at}. */
  public static long startOf(long at, long lengthMs) {
    return at - Math.floorMod(at, lengthMs);
  }

  /**
   * The last millisecond of the interval starting at {@code start}: once the watermark has passed
   * it, no more events of the interval can come.
   */
  public static long lastMillisOf(long start, long lengthMs) {
    return start + lengthMs - 1;
  }

  /** {@code at + millis}, held at Long.MAX_VALUE instead of overflowing. */
  public static long plus(long at, long millis) {
    long sum = at + millis;
    return ((at ^ sum) & (millis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
