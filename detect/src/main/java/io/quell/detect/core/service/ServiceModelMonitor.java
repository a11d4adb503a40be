/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Alerts;
import io.quell.detect.core.Hysteresis;
import io.quell.detect.core.Transition;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Severity;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the {@link ServiceModel}'s verdicts on a service's buckets into alerts: a bucket whose
 * score reaches the fire threshold is anomalous; one whose distance is back under {@code
 * resolveDistance} is clear; {@link Hysteresis} decides when that fires and resolves.
 */
public final class ServiceModelMonitor implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ServiceModel model;
  private final Hysteresis hysteresis;
  private final double resolveDistance;
  private final double criticalDistance;

  /**
   * @param resolveDistance distance per series under which a bucket counts towards resolving
   * @param criticalDistance distance per series from which an anomalous bucket is CRITICAL
   */
  public ServiceModelMonitor(
      ServiceModel model, Hysteresis hysteresis, double resolveDistance, double criticalDistance) {
    this.model = Objects.requireNonNull(model, "model");
    this.hysteresis = Objects.requireNonNull(hysteresis, "hysteresis");
    if (!(resolveDistance > 0) || !(criticalDistance >= resolveDistance)) {
      throw new IllegalArgumentException("need 0 < resolveDistance <= criticalDistance");
    }
    this.resolveDistance = resolveDistance;
    this.criticalDistance = criticalDistance;
  }

  public ServiceModel model() {
    return model;
  }

  /** Notes a point of one of the service's series. */
  public void record(ServiceModelState state, String series, double value) {
    model.record(state, series, value);
  }

  /**
   * Closes the bucket starting at {@code bucketStart} and returns the alert to send, if the bucket
   * changed the alert's state.
   *
   * @param open the FIRING alert last sent for the service, or null
   */
  public Optional<Alert> closeBucket(
      String service, long bucketStart, ServiceModelState state, AlertEpisode episode, Alert open) {
    ServiceVerdict verdict = model.closeBucket(state, bucketStart);
    if (!verdict.scored()) {
      return Optional.empty();
    }
    double threshold = model.settings().fireThreshold();
    boolean anomalous = verdict.score() >= threshold;
    boolean clear = verdict.distance() < resolveDistance;
    Severity severity =
        !anomalous
            ? null
            : verdict.distance() >= criticalDistance ? Severity.CRITICAL : Severity.WARNING;
    Transition transition =
        hysteresis.observe(
            episode, bucketStart, anomalous, clear, anomalous ? verdict.score() : 0, severity);
    long bucketMillis = model.settings().bucketMillis();
    return switch (transition.kind()) {
      case NONE -> Optional.empty();
      case FIRED, ESCALATED ->
          Optional.of(
              ServiceAlerts.firing(
                  service,
                  episode.getRunStartedAt(),
                  bucketMillis,
                  verdict,
                  transition.peakScore(),
                  transition.severity(),
                  threshold));
      case RESOLVED -> resolve(open, transition, Alerts.RECOVERED);
    };
  }

  /** Resolves the service's alert, if one fires, because the service fell silent. */
  public Optional<Alert> expire(AlertEpisode episode, Alert open, long at) {
    Transition transition = hysteresis.forceResolve(episode, at);
    return transition.emits() ? resolve(open, transition, Alerts.FELL_SILENT) : Optional.empty();
  }

  private Optional<Alert> resolve(Alert open, Transition transition, String reason) {
    return Alerts.resolution(open, transition, model.settings().fireThreshold(), reason);
  }
}
