/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

/**
 * When a key was last heard from and which bookkeeping timer it has registered, so that an operator
 * can tell its own timer from others and expire the key once it falls silent.
 *
 * <p>A plain bean so that Flink keeps it with its POJO serializer.
 */
public class ActivityClock {
  private long lastSeenAt;
  private long timerAt;

  public ActivityClock() {}

  ActivityClock(long lastSeenAt, long timerAt) {
    this.lastSeenAt = lastSeenAt;
    this.timerAt = timerAt;
  }

  /** Event time of the newest event of the key. */
  public long getLastSeenAt() {
    return lastSeenAt;
  }

  public void setLastSeenAt(long lastSeenAt) {
    this.lastSeenAt = lastSeenAt;
  }

  /** Event time of the bookkeeping timer the key has registered. */
  public long getTimerAt() {
    return timerAt;
  }

  public void setTimerAt(long timerAt) {
    this.timerAt = timerAt;
  }

  /** {@code at + millis}, held at Long.MAX_VALUE instead of overflowing. */
  static long plus(long at, long millis) {
    long sum = at + millis;
    return ((at ^ sum) & (millis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
