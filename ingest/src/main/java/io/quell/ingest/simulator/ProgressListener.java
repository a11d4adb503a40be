/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.time.Instant;

/** Told after every step of a play, for example to print progress on the command line. */
@FunctionalInterface
public interface ProgressListener {

  /** Listens to nothing. */
  ProgressListener NONE = progress -> {};

  void onStep(Progress progress);

  /**
   * Where a play stands after a step.
   *
   * @param step steps done (1 after the first)
   * @param steps steps in all
   * @param simulatedTime event time reached: the end of the step just played
   * @param logs log events sent so far
   * @param metrics metric points sent so far
   * @param activeFaults ids of the faults active at any service in this step
   * @param wallTime wall-clock time since the play started
   */
  record Progress(
      int step,
      int steps,
      Instant simulatedTime,
      long logs,
      long metrics,
      java.util.List<String> activeFaults,
      java.time.Duration wallTime) {

    /** Events sent so far. */
    public long events() {
      return logs + metrics;
    }

    /** Events sent per wall-clock second so far (0 before any time has passed). */
    public double eventsPerSecond() {
      long nanos = wallTime.toNanos();
      return nanos <= 0 ? 0 : events() * 1e9 / nanos;
    }
  }
}
