/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.metric.SeriesMonitor;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.MetricPoint;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * The seam between the log side and the metric detectors: the count of a template per interval is a
 * metric series, judged by whatever the metric side judges series with (its detector, hysteresis
 * and alert life cycle). The log side does not have a detector of its own; it only turns the metric
 * alert into a template alert ({@link TemplateAlerts#rate}).
 *
 * <p>{@link #of(SeriesMonitor)} adapts the metric side's {@link SeriesMonitor}; another metric
 * detector needs only another adapter of these four methods.
 *
 * @param <S> what the detector learns about one series (a plain bean, for Flink's POJO serializer)
 */
public interface TemplateRateMonitor<S> extends Serializable {

  /** The class of the per-series state, for the state descriptor. */
  Class<S> stateType();

  /** The state of a series never seen before. */
  S newState();

  /**
   * Judges one point (in event-time order per series) and returns the alert to send, if any: a
   * FIRING alert is the metric side's, to be rewritten; a RESOLVED one repeats {@code open}.
   */
  Optional<Alert> observe(MetricPoint point, S state, AlertEpisode episode, Alert open);

  /** Resolves a firing alert of a series that fell silent. */
  Optional<Alert> expire(AlertEpisode episode, Alert open, long lastSeenAt);

  /** The metric side's series monitor, as it is. */
  static <S> TemplateRateMonitor<S> of(SeriesMonitor<S> monitor) {
    return new SeriesRates<>(monitor);
  }

  /** {@link #of}: delegates to a {@link SeriesMonitor}. */
  final class SeriesRates<S> implements TemplateRateMonitor<S> {
    private static final long serialVersionUID = 1L;
    private final SeriesMonitor<S> monitor;

    SeriesRates(SeriesMonitor<S> monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    @Override
    public Class<S> stateType() {
      return monitor.detector().stateType();
    }

    @Override
    public S newState() {
      return monitor.detector().newState();
    }

    @Override
    public Optional<Alert> observe(MetricPoint point, S state, AlertEpisode episode, Alert open) {
      return monitor.observe(point, state, episode, open);
    }

    @Override
    public Optional<Alert> expire(AlertEpisode episode, Alert open, long lastSeenAt) {
      return monitor.expire(episode, open, lastSeenAt);
    }
  }
}
