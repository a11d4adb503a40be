/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core;

import io.quell.schemas.avro.Severity;
import java.io.Serializable;
import java.time.Duration;

/**
 * Turns a sequence of judgements into alert transitions, so that one odd point does not page
 * anybody and one normal point does not close an incident: an alert fires after {@code fireAfter}
 * anomalous observations in a row and resolves after {@code resolveAfter} clear ones in a row.
 * Between anomalous and clear may lie a grey zone (a lower score to resolve than to fire): a grey
 * observation does not start an alert and does not help to close one either, so a signal hovering
 * around the threshold does not flap. While firing, a judgement of higher severity escalates the
 * alert.
 *
 * <p>Stateless: the state of one key is the {@link AlertEpisode} passed in.
 *
 * <p>The runs can also be measured in event time: with {@code fireAfterMs} the anomalous run must
 * in addition span that long (from its first to its latest observation) before the alert fires,
 * with {@code resolveAfterMs} the clear run that long before it resolves. Both conditions must
 * hold; a count of 1 makes the duration the only one.
 *
 * @param fireAfter anomalous observations in a row before the alert fires (at least 1)
 * @param resolveAfter clear observations in a row before a firing alert resolves (at least 1)
 * @param fireAfterMs event time the anomalous run must span before the alert fires (0: none)
 * @param resolveAfterMs event time the clear run must span before the alert resolves (0: none)
 */
public record Hysteresis(int fireAfter, int resolveAfter, long fireAfterMs, long resolveAfterMs)
    implements Serializable {

  public Hysteresis {
    if (fireAfter < 1 || resolveAfter < 1) {
      throw new IllegalArgumentException(
          "fireAfter and resolveAfter must be at least 1 but are "
              + fireAfter
              + ", "
              + resolveAfter);
    }
    if (fireAfterMs < 0 || resolveAfterMs < 0) {
      throw new IllegalArgumentException(
          "fireAfterMs and resolveAfterMs must not be negative but are "
              + fireAfterMs
              + ", "
              + resolveAfterMs);
    }
  }

  /** Counted in observations only. */
  public Hysteresis(int fireAfter, int resolveAfter) {
    this(fireAfter, resolveAfter, 0, 0);
  }

  /**
   * Measured in event time only: fires once the likelihood stayed anomalous for {@code fireAfter},
   * resolves once it stayed clear for {@code resolveAfter}.
   */
  public static Hysteresis timed(Duration fireAfter, Duration resolveAfter) {
    return new Hysteresis(1, 1, fireAfter.toMillis(), resolveAfter.toMillis());
  }

  /**
   * Applies one judgement.
   *
   * @param at event time of the observation
   * @param anomalous whether the detector judged it anomalous
   * @param clear whether it is normal enough to count towards resolving (ignored when anomalous)
   * @param score the detector's raw score (used for the peak)
   * @param severity severity of this observation when anomalous, else ignored
   */
  public Transition observe(
      AlertEpisode episode,
      long at,
      boolean anomalous,
      boolean clear,
      double score,
      Severity severity) {
    if (anomalous) {
      if (episode.getAnomalousRun() == 0 && !episode.isFiring()) {
        episode.setRunStartedAt(at);
        episode.setPeakScore(score);
        episode.setSeverity(severity);
      } else {
        episode.setPeakScore(Math.max(episode.getPeakScore(), score));
      }
      episode.setAnomalousRun(episode.getAnomalousRun() + 1);
      episode.setNormalRun(0);
      if (!episode.isFiring()) {
        episode.setSeverity(max(episode.getSeverity(), severity));
        if (episode.getAnomalousRun() >= fireAfter
            && at - episode.getRunStartedAt() >= fireAfterMs) {
          episode.setFiring(true);
          return new Transition(
              Transition.Kind.FIRED,
              episode.getRunStartedAt(),
              episode.getPeakScore(),
              episode.getSeverity());
        }
        return Transition.NOTHING;
      }
      if (severity != null && severity.compareTo(episode.getSeverity()) > 0) {
        episode.setSeverity(severity);
        return new Transition(
            Transition.Kind.ESCALATED, at, episode.getPeakScore(), episode.getSeverity());
      }
      return Transition.NOTHING;
    }
    if (!episode.isFiring()) {
      // A pending run broken by a normal observation starts over.
      episode.resetRun();
      return Transition.NOTHING;
    }
    if (!clear) {
      // Grey: not bad enough to count as anomalous, not good enough to count as recovered.
      episode.setNormalRun(0);
      return Transition.NOTHING;
    }
    if (episode.getNormalRun() == 0) {
      episode.setFirstNormalAt(at);
    }
    episode.setNormalRun(episode.getNormalRun() + 1);
    if (episode.getNormalRun() >= resolveAfter
        && at - episode.getFirstNormalAt() >= resolveAfterMs) {
      return resolve(episode, episode.getFirstNormalAt());
    }
    return Transition.NOTHING;
  }

  /**
   * Resolves a firing alert without waiting for normal observations, for a key that fell silent;
   * NONE when nothing is firing. The episode is idle afterwards.
   *
   * @param at the event time at which the condition is taken to have ended
   */
  public Transition forceResolve(AlertEpisode episode, long at) {
    if (!episode.isFiring()) {
      episode.resetRun();
      return Transition.NOTHING;
    }
    return resolve(episode, at);
  }

  private static Transition resolve(AlertEpisode episode, long endsAt) {
    Transition resolved =
        new Transition(
            Transition.Kind.RESOLVED, endsAt, episode.getPeakScore(), episode.getSeverity());
    episode.setFiring(false);
    episode.resetRun();
    return resolved;
  }

  private static Severity max(Severity a, Severity b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }
}
