/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

/** Tumbling event-time intervals aligned to the epoch, as Flink's tumbling windows are. */
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
}
