/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import java.io.Serializable;

/**
 * A model of what one time series normally looks like, judging each new point against what it
 * learned from the points before. Implementations hold only their settings; everything learned
 * about a series lives in a state object of type {@code S} that the caller keeps per series (in
 * Flink's keyed state, in a map for offline evaluation), so one detector serves any number of
 * series.
 *
 * <p>The state type must be a plain bean (public no-argument constructor, accessors for every
 * field, no collections), so that Flink stores it with its POJO serializer.
 *
 * @param <S> what the detector learns about one series
 */
public interface MetricDetector<S> extends Serializable {

  /** Short stable name, used in alerts and fingerprints, e.g. {@code robust-baseline}. */
  String name();

  /** The class of the per-series state, for the state descriptor. */
  Class<S> stateType();

  /** A state for a series never seen before. */
  S newState();

  /**
   * Judges {@code value} against what {@code state} learned from earlier points, without changing
   * it. Points arrive in event-time order, one series per state; values are finite (the caller
   * skips NaN and infinities).
   */
  Judgement judge(S state, double value);

  /**
   * Updates {@code state} after {@code value} was judged: learns from it when {@code normal}, else
   * keeps it out of what is normal (a detector may still note that it happened, for instance to
   * accept a lasting new level). The caller decides what is normal, so that it can keep points out
   * of the baseline while an alert is open.
   */
  void update(S state, double value, boolean normal);

  /** Score at or above which a point counts as anomalous. */
  double threshold();
}
