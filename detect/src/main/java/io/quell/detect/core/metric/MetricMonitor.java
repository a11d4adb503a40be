/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.MetricPoint;
import java.io.Serializable;
import java.util.Optional;

/**
 * Watches metric series and turns their points into FIRING and RESOLVED alerts. Holds settings
 * only: the caller keeps per series the model's state {@code S}, the {@link AlertEpisode} and the
 * alert last sent while firing (Flink's keyed state in the job, maps in {@link MetricReplay}), and
 * feeds the points of one series in event-time order.
 *
 * @param <S> what the monitor learns about one series: a plain bean for Flink's POJO serializer
 */
public interface MetricMonitor<S> extends Serializable {

  /** The detector's name: the alerts' {@code detector} and part of their fingerprint. */
  String name();

  /** The class of the per-series state, for the state descriptor. */
  Class<S> stateType();

  /** A state for a series never seen before. */
  S newState();

  /**
   * Judges one point and returns the alert to send, if the point changed the alert's state.
   * Non-finite values are skipped.
   *
   * @param state what was learned about the point's series
   * @param episode the series' alert episode
   * @param open the FIRING alert last sent for the series, or null when none is firing
   */
  Optional<Alert> observe(MetricPoint point, S state, AlertEpisode episode, Alert open);

  /**
   * Judges one point together with the service model's latest verdict on its series: the verdict of
   * the newest bucket that ended at or before the point, or null. A monitor that does not combine
   * verdicts ({@link #verdictMaxAgeMs()} 0) ignores it.
   */
  default Optional<Alert> observe(
      MetricPoint point, S state, AlertEpisode episode, Alert open, SeriesVerdict latestVerdict) {
    return observe(point, state, episode, open);
  }

  /**
   * How long after its bucket's end a service-model verdict still counts for a series' points; 0
   * when the monitor does not combine verdicts with its own score.
   */
  default long verdictMaxAgeMs() {
    return 0;
  }

  /**
   * Resolves the series' alert, if one is firing, because the series fell silent; the episode is
   * idle afterwards.
   *
   * @param lastSeenAt event time of the series' last point, taken as the end of the condition
   */
  Optional<Alert> expire(AlertEpisode episode, Alert open, long lastSeenAt);
}
