/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Alerts;
import io.quell.detect.core.Hysteresis;
import io.quell.detect.core.Transition;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.Severity;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches metric series: a {@link MetricDetector} judges each point, {@link Hysteresis} turns the
 * judgements into FIRING and RESOLVED alerts. Holds settings only; the caller keeps per series the
 * detector's state, the {@link AlertEpisode} and the alert last sent while firing, and feeds the
 * points of one series in event-time order.
 *
 * @param <S> the detector's per-series state
 */
public final class SeriesMonitor<S> implements MetricMonitor<S> {
  private static final long serialVersionUID = 1L;

  private final MetricDetector<S> detector;
  private final Hysteresis hysteresis;
  private final double resolveScore;
  private final double criticalScore;

  /**
   * @param resolveScore score below which a point counts towards resolving a firing alert (and is
   *     learned while the alert fires); at most the detector's threshold
   * @param criticalScore score from which an anomalous point is CRITICAL rather than WARNING; at
   *     least the detector's threshold
   */
  public SeriesMonitor(
      MetricDetector<S> detector,
      Hysteresis hysteresis,
      double resolveScore,
      double criticalScore) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.hysteresis = Objects.requireNonNull(hysteresis, "hysteresis");
    if (!(resolveScore > 0 && resolveScore <= detector.threshold())) {
      throw new IllegalArgumentException(
          "the resolve score ("
              + resolveScore
              + ") must be positive and not above the threshold ("
              + detector.threshold()
              + ")");
    }
    if (!(criticalScore >= detector.threshold())) {
      throw new IllegalArgumentException(
          "the critical score ("
              + criticalScore
              + ") must not be below the threshold ("
              + detector.threshold()
              + ")");
    }
    this.resolveScore = resolveScore;
    this.criticalScore = criticalScore;
  }

  public MetricDetector<S> detector() {
    return detector;
  }

  @Override
  public String name() {
    return detector.name();
  }

  @Override
  public Class<S> stateType() {
    return detector.stateType();
  }

  @Override
  public S newState() {
    return detector.newState();
  }

  /**
   * Judges one point and returns the alert to send, if the point changed the alert's state.
   * Non-finite values (NaN, as Prometheus marks stale series, and infinities) are skipped: neither
   * judged nor learned.
   *
   * @param state what the detector learned about the point's series
   * @param episode the series' alert episode
   * @param open the FIRING alert last sent for the series, or null when none is firing
   */
  @Override
  public Optional<Alert> observe(MetricPoint point, S state, AlertEpisode episode, Alert open) {
    double value = point.getValue();
    if (!Double.isFinite(value)) {
      return Optional.empty();
    }
    Judgement judgement = detector.judge(state, value);
    boolean anomalous = judgement.scored() && judgement.score() >= detector.threshold();
    boolean clear = !judgement.scored() || judgement.score() < resolveScore;
    // While an alert is open only clearly normal points are learned, so that the baseline does not
    // creep towards a fault that hovers just under the threshold.
    detector.update(state, value, episode.isFiring() ? clear : !anomalous);
    Severity severity =
        !anomalous
            ? null
            : judgement.score() >= criticalScore ? Severity.CRITICAL : Severity.WARNING;
    Transition transition =
        hysteresis.observe(
            episode,
            point.getTimestamp().toEpochMilli(),
            anomalous,
            clear,
            anomalous ? judgement.score() : 0,
            severity);
    return switch (transition.kind()) {
      case NONE -> Optional.empty();
      case FIRED, ESCALATED ->
          Optional.of(
              MetricAlerts.firing(
                  detector.name(),
                  point,
                  episode.getRunStartedAt(),
                  judgement,
                  transition.peakScore(),
                  transition.severity(),
                  detector.threshold()));
      case RESOLVED -> resolve(open, transition, Alerts.RECOVERED);
    };
  }

  /**
   * Resolves the series' alert, if one is firing, because the series fell silent; the episode is
   * idle afterwards.
   *
   * @param lastSeenAt event time of the series' last point, taken as the end of the condition
   */
  @Override
  public Optional<Alert> expire(AlertEpisode episode, Alert open, long lastSeenAt) {
    Transition transition = hysteresis.forceResolve(episode, lastSeenAt);
    return transition.emits() ? resolve(open, transition, Alerts.FELL_SILENT) : Optional.empty();
  }

  private Optional<Alert> resolve(Alert open, Transition transition, String reason) {
    return Alerts.resolution(open, transition, detector.threshold(), reason);
  }
}
