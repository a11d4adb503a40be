/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.Severity;
import java.io.Serializable;
import java.util.Objects;

/**
 * Judges the error count of one service in one closed interval against the service's moving
 * average: a burst when {@code count >= max(minCount, factor × average)}. The average learns only
 * from intervals that are not bursts, so a long outage does not talk itself into being normal; a
 * service whose errors stay high keeps its alert until they come down.
 */
public final class ErrorBurstRule implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The name in alerts and fingerprints. */
  public static final String NAME = "error-burst";

  private final ErrorBurstSettings settings;

  public ErrorBurstRule(ErrorBurstSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public ErrorBurstSettings settings() {
    return settings;
  }

  /** Whether an event of this level counts as an error. */
  public static boolean isError(LogLevel level) {
    return level == LogLevel.ERROR || level == LogLevel.FATAL;
  }

  /** Judges the count of a closed interval, then learns from it if it was no burst. */
  public BurstJudgement judge(ErrorBaseline baseline, long errors) {
    double average = baseline.getAverage();
    if (baseline.getIntervalsSeen() < settings.warmUpIntervals()) {
      learn(baseline, errors);
      return new BurstJudgement(false, errors, average, Double.NaN, null);
    }
    double threshold = Math.max(settings.minCount(), settings.factor() * average);
    Severity severity = null;
    if (errors >= threshold) {
      severity =
          errors >= settings.criticalFactor() * threshold ? Severity.CRITICAL : Severity.WARNING;
    } else {
      learn(baseline, errors);
    }
    return new BurstJudgement(true, errors, average, threshold, severity);
  }

  private void learn(ErrorBaseline baseline, long errors) {
    if (baseline.getIntervalsSeen() == 0) {
      baseline.setAverage(errors);
    } else {
      baseline.setAverage(
          settings.alpha() * errors + (1 - settings.alpha()) * baseline.getAverage());
    }
    if (baseline.getIntervalsSeen() < settings.warmUpIntervals()
        || baseline.getIntervalsSeen() == 0) {
      baseline.setIntervalsSeen(baseline.getIntervalsSeen() + 1);
    }
  }
}
