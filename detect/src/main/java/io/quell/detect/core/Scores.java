/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core;

import java.util.Locale;

/** Conversions shared by the detectors' alerts. */
public final class Scores {
  private Scores() {}

  /**
   * Maps a raw score on a detector's own open scale onto Alert.score's 0 (normal) to 1 (certainly
   * anomalous): {@code raw / (raw + threshold)}. Monotonic, 0.5 exactly at the alerting threshold,
   * so scores of different detectors compare by how far past their own threshold they are.
   */
  public static double normalized(double raw, double threshold) {
    if (!(raw > 0) || Double.isNaN(raw)) {
      return 0;
    }
    if (Double.isInfinite(raw)) {
      return 1;
    }
    return raw / (raw + threshold);
  }

  /** A number for people: four significant digits, no exponent for everyday magnitudes. */
  public static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    double magnitude = Math.abs(value);
    if (magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e7)) {
      return String.format(Locale.ROOT, "%.4g", value);
    }
    String text = String.format(Locale.ROOT, "%.4f", value);
    // Trailing zeros say nothing: 2.5000 reads as 2.5, 3.0000 as 3.
    text = text.replaceAll("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
