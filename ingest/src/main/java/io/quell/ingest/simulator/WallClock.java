/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.util.concurrent.TimeUnit;

/** The wall clock a play is paced by; tests put in one that only moves when slept on. */
interface WallClock {

  /** {@link System#nanoTime()} and {@link TimeUnit#sleep}. */
  WallClock SYSTEM =
      new WallClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
          TimeUnit.NANOSECONDS.sleep(nanos);
        }
      };

  /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  void sleepNanos(long nanos) throws InterruptedException;
}
