/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import io.quell.ingest.Utf8;

/**
 * Per-record limits every intake format applies, so that one sender cannot blow up the number of
 * label values downstream or fill a topic with a single giant line, whichever wire format it uses.
 *
 * @param maxLabelsPerSeries most labels of one metric series or alert, the metric name not counted
 * @param maxLineBytes most bytes (UTF-8) of one log message; a longer record is rejected, not cut,
 *     so that what reaches Kafka is always what the service logged
 */
public record RecordLimits(int maxLabelsPerSeries, int maxLineBytes) {

  /** The defaults of {@code quell.ingest.max-labels-per-series} and {@code max-line-bytes}. */
  public static final RecordLimits DEFAULTS = new RecordLimits(64, 64 * 1024);

  public RecordLimits {
    if (maxLabelsPerSeries < 1 || maxLineBytes < 1) {
      throw new IllegalArgumentException(
          "Record limits must be positive: " + maxLabelsPerSeries + ", " + maxLineBytes);
    }
  }

  /** Refuses {@code count} labels when they are more than the limit. */
  public void checkLabels(String field, int count) throws InvalidRecordException {
    if (count > maxLabelsPerSeries) {
      throw new InvalidRecordException(
          field,
          Rejection.Reason.TOO_MANY_LABELS,
          "has "
              + count
              + " labels, more than the limit of "
              + maxLabelsPerSeries
              + " (quell.ingest.max-labels-per-series)");
    }
  }

  /** Refuses a log message longer than the limit, counted in UTF-8 bytes. */
  public void checkLine(String field, String message) throws InvalidRecordException {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit: most messages need no encoding.
    if ((long) message.length() * 3 <= maxLineBytes) {
      return;
    }
    int bytes = Utf8.length(message);
    if (bytes > maxLineBytes) {
      throw new InvalidRecordException(
          field,
          Rejection.Reason.LINE_TOO_LONG,
          "is "
              + bytes
              + " bytes long, more than the limit of "
              + maxLineBytes
              + " (quell.ingest.max-line-bytes)");
    }
  }
}
