/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import io.quell.ingest.Utf8;
import java.util.Map;

/**
 * Per-record limits every intake format applies, so that one sender cannot blow up the number of
 * label values downstream or fill a topic with a single giant line, whichever wire format it uses.
 *
 * @param maxLabelsPerSeries most labels of one metric series or alert, the metric name not counted
 * @param maxLineBytes most bytes (UTF-8) of one log message; a longer record is rejected, not cut,
 *     so that what reaches Kafka is always what the service logged
 * @param maxSeriesBytes most bytes (UTF-8) of a metric's name and labels together, so that no
 *     decoded sample outgrows what Kafka takes ({@code quell.ingest.max-record-bytes})
 */
public record RecordLimits(int maxLabelsPerSeries, int maxLineBytes, int maxSeriesBytes) {

  /** The default of {@code quell.ingest.max-record-bytes}. */
  static final int DEFAULT_MAX_SERIES_BYTES = 512 * 1024;

  /** The defaults of {@code quell.ingest.max-labels-per-series} and {@code max-line-bytes}. */
  public static final RecordLimits DEFAULTS = new RecordLimits(64, 64 * 1024);

  public RecordLimits {
    if (maxLabelsPerSeries < 1 || maxLineBytes < 1 || maxSeriesBytes < 1) {
      throw new IllegalArgumentException(
          "Record limits must be positive: "
              + maxLabelsPerSeries
              + ", "
              + maxLineBytes
              + ", "
              + maxSeriesBytes);
    }
  }

  /** Limits with the default bound on a series' size. */
  public RecordLimits(int maxLabelsPerSeries, int maxLineBytes) {
    this(maxLabelsPerSeries, maxLineBytes, DEFAULT_MAX_SERIES_BYTES);
  }

  /**
   * Refuses a metric series with more labels than the limit ({@link #checkLabels}) or whose name
   * and labels together are larger than {@code maxSeriesBytes}.
   */
  public void checkSeries(String field, String name, Map<String, String> labels, int extraLabels)
      throws InvalidRecordException {
    checkLabels(field, labels.size() + extraLabels);
    long bytes = Utf8.length(name);
    for (Map.Entry<String, String> label : labels.entrySet()) {
      bytes += Utf8.length(label.getKey()) + Utf8.length(label.getValue());
      if (bytes > maxSeriesBytes) {
        throw new InvalidRecordException(
            field,
            Rejection.Reason.TOO_LARGE,
            "with its name takes more than "
                + maxSeriesBytes
                + " bytes (quell.ingest.max-record-bytes)");
      }
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
