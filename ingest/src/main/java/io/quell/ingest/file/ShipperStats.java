/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a file shipper, safe to read from another thread while it runs. */
public final class ShipperStats {

  final AtomicLong linesRead = new AtomicLong();
  final AtomicLong bytesRead = new AtomicLong();
  final AtomicLong eventsShipped = new AtomicLong();
  final AtomicLong linesShipped = new AtomicLong();
  final AtomicLong bytesShipped = new AtomicLong();
  final AtomicLong blankLines = new AtomicLong();
  final AtomicLong cutLines = new AtomicLong();
  final AtomicLong droppedLines = new AtomicLong();
  final AtomicLong rotations = new AtomicLong();
  final AtomicLong truncations = new AtomicLong();
  final AtomicLong publishRetries = new AtomicLong();

  /**
   * The counters at one moment.
   *
   * @param linesRead lines read from the sources, shipped or not yet
   * @param bytesRead bytes read from the sources
   * @param eventsShipped events Kafka acknowledged
   * @param linesShipped lines in the events Kafka acknowledged (a joined stack trace counts each of
   *     its lines; dropped lines are not counted)
   * @param bytesShipped bytes of the sources covered by the events Kafka acknowledged
   * @param blankLines blank lines skipped (they make no event of their own)
   * @param cutLines lines longer than the line limit, cut
   * @param droppedLines lines left out of an event because it reached its line or byte limit
   * @param rotations switches to a new file at a path after rename-and-create rotation
   * @param truncations restarts from the beginning of a truncated file (copytruncate)
   * @param publishRetries batches sent again after Kafka could not take them
   */
  public record Snapshot(
      long linesRead,
      long bytesRead,
      long eventsShipped,
      long linesShipped,
      long bytesShipped,
      long blankLines,
      long cutLines,
      long droppedLines,
      long rotations,
      long truncations,
      long publishRetries) {}

  public Snapshot snapshot() {
    return new Snapshot(
        linesRead.get(),
        bytesRead.get(),
        eventsShipped.get(),
        linesShipped.get(),
        bytesShipped.get(),
        blankLines.get(),
        cutLines.get(),
        droppedLines.get(),
        rotations.get(),
        truncations.get(),
        publishRetries.get());
  }
}
