/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

/** Short durations in words for people on call: "40 s", "3 min 5 s", "2 h 10 min". */
final class Durations {

  private Durations() {}

  static String describe(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    long seconds = millis / 1000;
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      long rest = seconds % 60;
      return minutes + " min" + (rest == 0 ? "" : " " + rest + " s");
    }
    long hours = minutes / 60;
    long rest = minutes % 60;
    return hours + " h" + (rest == 0 ? "" : " " + rest + " min");
  }
}
