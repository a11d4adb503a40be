/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

/**
 * A metric detector's verdict on one point.
 *
 * @param scored false while the detector is still learning the series (warm-up, re-learning): then
 *     the point counts as normal and the other fields are NaN
 * @param score how unusual the point is on the detector's own scale (0 = exactly as expected)
 * @param expected the value the detector expected
 * @param scale the spread the detector expected around it, in the metric's unit
 */
public record Judgement(boolean scored, double score, double expected, double scale) {

  private static final Judgement LEARNING =
      new Judgement(false, Double.NaN, Double.NaN, Double.NaN);

  /** The verdict while the detector has not learned enough to judge. */
  public static Judgement learning() {
    return LEARNING;
  }

  public static Judgement of(double score, double expected, double scale) {
    return new Judgement(true, score, expected, scale);
  }
}
