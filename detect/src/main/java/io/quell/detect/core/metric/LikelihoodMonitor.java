/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Alerts;
import io.quell.detect.core.Hysteresis;
import io.quell.detect.core.Transition;
import io.quell.detect.core.anomaly.AnomalyScore;
import io.quell.detect.core.anomaly.AnomalyScorer;
import io.quell.detect.core.anomaly.AnomalySettings;
import io.quell.detect.core.anomaly.AnomalyState;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.Severity;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches metric series with the {@link AnomalyScorer} (robust z-scores of values and steps,
 * seasonality, anomaly likelihood) and turns its likelihood into alerts with {@link Hysteresis}:
 * FIRING once the likelihood stayed at or above {@code threshold} for the hysteresis' fire time,
 * RESOLVED once it stayed below {@code resolveThreshold} for its resolve time. Between the two
 * thresholds lies a grey zone that neither starts nor ends an alert.
 *
 * <p>The scorer learns from every point (its windows are robust to the outliers of a fault), so the
 * caller's only per-series state is the {@link AnomalyState}. Two parts of the scorer that shape
 * episodes for NAB are switched off here: the hold after a report (the hysteresis needs the
 * likelihood of every point to tell how long an episode lasts) and the nearest-neighbour cap (a
 * lasting shift must keep scoring while the fault lasts).
 */
public final class LikelihoodMonitor implements MetricMonitor<AnomalyState> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LikelihoodMonitor.class);

  /** The detector's name in alerts and fingerprints. */
  public static final String NAME = "anomaly-likelihood";

  private final AnomalyScorer scorer;
  private final Hysteresis hysteresis;
  private final double threshold;
  private final double resolveThreshold;
  private final double criticalThreshold;
  private final long verdictMaxAgeMs;

  /** A monitor that judges by the series' own likelihood only. */
  public LikelihoodMonitor(
      AnomalySettings settings,
      Hysteresis hysteresis,
      double threshold,
      double resolveThreshold,
      double criticalThreshold) {
    this(settings, hysteresis, threshold, resolveThreshold, criticalThreshold, 0);
  }

  /**
   * @param settings the scorer's settings; its hold after a report and its nearest-neighbour cap
   *     are set to 0, its own fire threshold is not used
   * @param threshold likelihood at or above which a point counts as anomalous, in (0, 1)
   * @param resolveThreshold likelihood below which a point counts towards resolving, at most {@code
   *     threshold}
   * @param criticalThreshold likelihood from which an anomalous point is CRITICAL, at least {@code
   *     threshold}
   * @param verdictMaxAgeMs how long after its bucket's end a service-model verdict still counts for
   *     the series' points ({@link CombinedLikelihood}); 0 to judge by the series' own likelihood
   *     only
   */
  public LikelihoodMonitor(
      AnomalySettings settings,
      Hysteresis hysteresis,
      double threshold,
      double resolveThreshold,
      double criticalThreshold,
      long verdictMaxAgeMs) {
    this.scorer = new AnomalyScorer(forAlerting(Objects.requireNonNull(settings, "settings")));
    this.hysteresis = Objects.requireNonNull(hysteresis, "hysteresis");
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("the threshold must lie in (0, 1), not " + threshold);
    }
    if (!(resolveThreshold > 0 && resolveThreshold <= threshold)) {
      throw new IllegalArgumentException(
          "the resolve threshold ("
              + resolveThreshold
              + ") must be positive and not above the threshold ("
              + threshold
              + ")");
    }
    if (!(criticalThreshold >= threshold)) {
      throw new IllegalArgumentException(
          "the critical threshold ("
              + criticalThreshold
              + ") must not be below the threshold ("
              + threshold
              + ")");
    }
    this.threshold = threshold;
    this.resolveThreshold = resolveThreshold;
    this.criticalThreshold = criticalThreshold;
    if (verdictMaxAgeMs < 0) {
      throw new IllegalArgumentException("the verdicts' maximum age must not be negative");
    }
    this.verdictMaxAgeMs = verdictMaxAgeMs;
  }

  private static AnomalySettings forAlerting(AnomalySettings s) {
    // Both shape episodes for NAB, which scores only the first detection in a window: the hold
    // keeps one report per episode, and the nearest-neighbour cap stops a lasting shift from
    // scoring once k of its points are in the window. An alert must last while the fault does.
    return s.withHoldPoints(0).withNearestNeighbours(0);
  }

  /** The scorer's settings, as used (without the hold). */
  public AnomalySettings settings() {
    return scorer.settings();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<AnomalyState> stateType() {
    return AnomalyState.class;
  }

  @Override
  public AnomalyState newState() {
    return new AnomalyState();
  }

  @Override
  public long verdictMaxAgeMs() {
    return verdictMaxAgeMs;
  }

  @Override
  public Optional<Alert> observe(
      MetricPoint point, AnomalyState state, AlertEpisode episode, Alert open) {
    return observe(point, state, episode, open, null);
  }

  /**
   * Judges the point by the larger of its own likelihood and the service model's likelihood for its
   * series ({@link CombinedLikelihood}), when {@code latestVerdict} is fresh enough.
   */
  @Override
  public Optional<Alert> observe(
      MetricPoint point,
      AnomalyState state,
      AlertEpisode episode,
      Alert open,
      SeriesVerdict latestVerdict) {
    double value = point.getValue();
    if (!Double.isFinite(value)) {
      return Optional.empty();
    }
    AnomalyScore judged = scorer.score(state, value);
    long at = point.getTimestamp().toEpochMilli();
    CombinedLikelihood combined =
        CombinedLikelihood.of(
            judged.score(), CombinedLikelihood.fresh(latestVerdict, at, verdictMaxAgeMs));
    double likelihood = combined.score();
    boolean anomalous = likelihood >= threshold;
    boolean clear = likelihood < resolveThreshold;
    Severity severity =
        !anomalous ? null : likelihood >= criticalThreshold ? Severity.CRITICAL : Severity.WARNING;
    Transition transition =
        hysteresis.observe(episode, at, anomalous, clear, anomalous ? likelihood : 0, severity);
    return switch (transition.kind()) {
      case NONE -> Optional.empty();
      case FIRED, ESCALATED ->
          Optional.of(
              MetricAlerts.firingLikelihood(
                  NAME,
                  point,
                  episode.getRunStartedAt(),
                  combined,
                  judged.zScore(),
                  judged.expected(),
                  transition.peakScore(),
                  judged.period(),
                  transition.severity(),
                  threshold));
      case RESOLVED -> resolve(open, transition, Alerts.RECOVERED);
    };
  }

  @Override
  public Optional<Alert> expire(AlertEpisode episode, Alert open, long lastSeenAt) {
    Transition transition = hysteresis.forceResolve(episode, lastSeenAt);
    return transition.emits() ? resolve(open, transition, Alerts.FELL_SILENT) : Optional.empty();
  }

  private Optional<Alert> resolve(Alert open, Transition transition, String reason) {
    if (open == null) {
      LOG.warn("resolution without an open alert; nothing sent");
      return Optional.empty();
    }
    return Optional.of(
        Alerts.resolved(
            open, transition.at(), Math.max(0, Math.min(1, transition.peakScore())), reason));
  }
}
