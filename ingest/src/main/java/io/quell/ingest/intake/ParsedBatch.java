/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one request: those that can be published and the problems of the others.
 *
 * @param accepted the mapped values, in body order
 * @param rejections the first rejections in body order (at most the reader's report limit)
 * @param rejectedCount how many records were rejected in all
 * @param rejectedByReason how many records were rejected for each reason, in all
 */
public record ParsedBatch<T>(
    List<T> accepted,
    List<Rejection> rejections,
    int rejectedCount,
    Map<Rejection.Reason, Integer> rejectedByReason) {

  public ParsedBatch {
    accepted = Collections.unmodifiableList(accepted);
    rejections = Collections.unmodifiableList(rejections);
    rejectedByReason = Collections.unmodifiableMap(new EnumMap<>(rejectedByReason));
  }

  /** Number of records the body held. */
  public int total() {
    return accepted.size() + rejectedCount;
  }
}
