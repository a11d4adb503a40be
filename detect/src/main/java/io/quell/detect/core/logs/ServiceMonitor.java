/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Alerts;
import io.quell.detect.core.Hysteresis;
import io.quell.detect.core.Transition;
import io.quell.schemas.avro.Alert;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches the error counts of services: the {@link ErrorBurstRule} judges each closed interval,
 * {@link Hysteresis} (counting intervals) turns the judgements into FIRING and RESOLVED alerts.
 * Holds settings only; the caller keeps per service the {@link ErrorBaseline}, the {@link
 * AlertEpisode} and the alert last sent while firing, and closes the intervals of one service in
 * order, empty ones included.
 */
public final class ServiceMonitor implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ErrorBurstRule rule;
  private final Hysteresis hysteresis;

  public ServiceMonitor(ErrorBurstRule rule, Hysteresis hysteresis) {
    this.rule = Objects.requireNonNull(rule, "rule");
    this.hysteresis = Objects.requireNonNull(hysteresis, "hysteresis");
  }

  public ErrorBurstRule rule() {
    return rule;
  }

  /**
   * Judges one closed interval and returns the alert to send, if the interval changed the alert's
   * state.
   *
   * @param tally the interval's events, or null when it had none
   * @param open the FIRING alert last sent for the service, or null when none is firing
   */
  public Optional<Alert> closeInterval(
      String service,
      long intervalStart,
      IntervalTally tally,
      ErrorBaseline baseline,
      AlertEpisode episode,
      Alert open) {
    BurstJudgement judgement =
        tally == null
            ? rule.judge(baseline, 0, 0, 0)
            : rule.judge(baseline, tally.getErrors(), tally.getWarnings(), tally.getEvents());
    // A burst starts at its first error or warning, not at the interval's boundary: the alert then
    // does not claim a condition before it began (the interval may start before a fault does).
    long at =
        tally != null && judgement.anomalous() && tally.getErrors() + tally.getWarnings() > 0
            ? tally.getFirstBadAt()
            : intervalStart;
    Transition transition =
        hysteresis.observe(
            episode,
            at,
            judgement.anomalous(),
            !judgement.anomalous(),
            judgement.ratio(),
            judgement.severity());
    return switch (transition.kind()) {
      case NONE -> Optional.empty();
      case FIRED, ESCALATED ->
          Optional.of(
              ErrorBurstAlerts.firing(
                  service,
                  episode.getRunStartedAt(),
                  intervalStart,
                  rule.settings().intervalMs(),
                  judgement,
                  tally == null ? null : tally.getExampleMessage(),
                  transition.peakScore(),
                  transition.severity()));
      case RESOLVED -> resolve(open, transition, Alerts.RECOVERED);
    };
  }

  /**
   * Resolves the service's alert, if one is firing, because the service fell silent; the episode is
   * idle afterwards.
   *
   * @param at event time taken as the end of the condition
   */
  public Optional<Alert> expire(AlertEpisode episode, Alert open, long at) {
    Transition transition = hysteresis.forceResolve(episode, at);
    return transition.emits() ? resolve(open, transition, Alerts.FELL_SILENT) : Optional.empty();
  }

  private static Optional<Alert> resolve(Alert open, Transition transition, String reason) {
    return Alerts.resolution(open, transition, 1.0, reason);
  }
}
