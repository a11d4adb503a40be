/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

/** What the indexer makes of one item of a bulk response. */
public enum BulkItemOutcome {
  /** Elasticsearch stored the version. */
  WRITTEN,
  /** Elasticsearch has this or a newer version already: expected on replays, nothing to do. */
  CONFLICT,
  /** A transient failure (overload, unavailable shard, blocked index): write it again later. */
  RETRY,
  /** Elasticsearch refuses the document itself (HTTP 400): retrying cannot help; dead-letter it. */
  REJECTED;

  /** The error type Elasticsearch reports for an external version that is not newer. */
  public static final String VERSION_CONFLICT = "version_conflict_engine_exception";

  /**
   * Classifies an item by its HTTP status and error type (null without error).
   *
   * <p>Only a 400 is the document's fault. Everything else that is not a success or a version
   * conflict (429, 5xx, a missing index, a read-only block when the disk is full) is the cluster's
   * state, which changes: those are retried, never dead-lettered.
   */
  public static BulkItemOutcome of(int status, String errorType) {
    if (status >= 200 && status < 300) {
      return WRITTEN;
    }
    if (status == 409 && VERSION_CONFLICT.equals(errorType)) {
      return CONFLICT;
    }
    if (status == 400) {
      return REJECTED;
    }
    return RETRY;
  }
}
