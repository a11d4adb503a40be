/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import org.apache.flink.streaming.api.TimerService;

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

  /**
   * Notes an event at {@code at} of a key that ticks at the end of every interval (the error-burst
   * and template operators): the first event registers the tick of its interval ({@code closeAt});
   * an event of an earlier interval than the next tick moves the tick there (the chain of ticks
   * reaches the later ones).
   *
   * @param activity the key's clock, or null for its first event
   * @return the clock to store
   */
  static ActivityClock tickingAt(
      ActivityClock activity, long at, long closeAt, TimerService timers) {
    if (activity == null) {
      timers.registerEventTimeTimer(closeAt);
      return new ActivityClock(at, closeAt);
    }
    activity.setLastSeenAt(Math.max(activity.getLastSeenAt(), at));
    if (closeAt < activity.getTimerAt()) {
      timers.deleteEventTimeTimer(activity.getTimerAt());
      activity.setTimerAt(closeAt);
      timers.registerEventTimeTimer(closeAt);
    }
    return activity;
  }
}
