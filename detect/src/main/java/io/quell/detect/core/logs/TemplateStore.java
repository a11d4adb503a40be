/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.detect.core.AlertEpisode;
import io.quell.schemas.avro.Alert;

/**
 * Where a caller of {@link TemplateWatch#tick} keeps the per-template state of one service: Flink's
 * keyed map states in the job, hash maps in {@link TemplateWatchReplay}.
 *
 * @param <S> what the metric detector learns about one template's count series
 */
public interface TemplateStore<S> {

  /** The stats of every template of the service that has some. */
  Iterable<TemplateStats> stats() throws Exception;

  /** What the detector learned of the template's count series, or null. */
  S model(String templateId) throws Exception;

  /** The count series' alert episode, or null when idle. */
  AlertEpisode episode(String templateId) throws Exception;

  /** The FIRING template-rate alert, or null. */
  Alert openRate(String templateId) throws Exception;

  /** The FIRING new-template alert, or null. */
  Alert openNew(String templateId) throws Exception;

  /**
   * Keeps the template's state after an interval closed.
   *
   * @param episode null when idle (nothing to keep)
   * @param openRate null when no template-rate alert fires
   * @param openNew null when no new-template alert fires
   */
  void save(TemplateStats stats, S model, AlertEpisode episode, Alert openRate, Alert openNew)
      throws Exception;

  /** Forgets everything about the template. */
  void forget(String templateId) throws Exception;
}
