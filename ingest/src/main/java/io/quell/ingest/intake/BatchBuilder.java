/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the outcome of one binary request (remote_write, OTLP) record by record: the values to
 * publish, the first rejections with their details, and counts of everything else.
 */
final class BatchBuilder<T> {

  private final int maxReportedRejections;
  private final List<T> accepted = new ArrayList<>();
  private final List<Rejection> rejections = new ArrayList<>();
  private final Map<Rejection.Reason, Integer> byReason = new EnumMap<>(Rejection.Reason.class);
  private final Map<String, Integer> unsupported = new LinkedHashMap<>();
  private int rejected;
  private int staleMarkers;

  BatchBuilder(int maxReportedRejections) {
    this.maxReportedRejections = maxReportedRejections;
  }

  void accept(T value) {
    accepted.add(value);
  }

  /** Rejects one record. */
  void reject(Rejection rejection) {
    reject(rejection, 1);
  }

  /**
   * Rejects {@code count} records for one reason, described once (all the samples of a bad series,
   * for example).
   */
  void reject(Rejection rejection, int count) {
    if (count <= 0) {
      return;
    }
    rejected += count;
    byReason.merge(rejection.reason(), count, Integer::sum);
    if (rejections.size() < maxReportedRejections) {
      rejections.add(rejection);
    }
  }

  void staleMarker() {
    staleMarkers++;
  }

  /** Counts {@code count} items of a kind the intake does not take, such as exemplars. */
  void unsupported(String kind, int count) {
    if (count > 0) {
      unsupported.merge(kind, count, Integer::sum);
    }
  }

  DecodedBatch<T> build() {
    return new DecodedBatch<>(
        new ParsedBatch<>(accepted, rejections, rejected, byReason), staleMarkers, unsupported);
  }
}
