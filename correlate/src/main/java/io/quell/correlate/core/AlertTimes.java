/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;

/** When an alert record happened, in event time. */
public final class AlertTimes {

  private AlertTimes() {}

  /**
   * The event time of one alert record: when the condition began for a firing alert, when it ended
   * for a resolved one (its start when the source gave no end). A repeat of a firing alert keeps
   * its start, so repeats are usually late; the correlator copes with that.
   */
  public static long eventTime(Alert alert) {
    if (alert.getStatus() == AlertStatus.RESOLVED && alert.getEndsAt() != null) {
      return alert.getEndsAt().toEpochMilli();
    }
    return alert.getStartsAt().toEpochMilli();
  }

  /** {@code a + b}, kept at {@link Long#MAX_VALUE} instead of overflowing. */
  public static long plus(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : sum;
  }
}
