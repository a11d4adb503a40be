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

  /** Whether an event of this level counts as a warning (for the ratio of errors and warnings). */
  public static boolean isWarning(LogLevel level) {
    return level == LogLevel.WARN;
  }

  /** Judges the error count of a closed interval alone, then learns from it if it was no burst. */
  public BurstJudgement judge(ErrorBaseline baseline, long errors) {
    return judge(baseline, errors, 0, 0);
  }

  /**
   * Judges a closed interval, then learns from it if it was no burst: its error count, and the
   * share of errors and warnings among its {@code events} (all levels; 0 when not counted).
   */
  public BurstJudgement judge(ErrorBaseline baseline, long errors, long warnings, long events) {
    double average = baseline.getAverage();
    double ratioAverage = baseline.getRatioAverage();
    if (baseline.getIntervalsSeen() < settings.warmUpIntervals()) {
      learn(baseline, errors, warnings, events);
      return new BurstJudgement(
          false, errors, average, Double.NaN, null, warnings, events, ratioAverage, Double.NaN);
    }
    double threshold = Math.max(settings.minCount(), settings.factor() * average);
    double ratioThreshold =
        events > 0 && errors + warnings >= settings.minCount()
            ? Math.max(settings.minRatio(), settings.factor() * ratioAverage)
            : Double.NaN;
    BurstJudgement verdict =
        new BurstJudgement(
            true, errors, average, threshold, null, warnings, events, ratioAverage, ratioThreshold);
    if (!verdict.anomalous()) {
      learn(baseline, errors, warnings, events);
      return verdict;
    }
    boolean critical =
        errors >= settings.criticalFactor() * threshold
            || (verdict.ratioBurst()
                && verdict.errorRatio() >= settings.criticalFactor() * ratioThreshold);
    return new BurstJudgement(
        true,
        errors,
        average,
        threshold,
        critical ? Severity.CRITICAL : Severity.WARNING,
        warnings,
        events,
        ratioAverage,
        ratioThreshold);
  }

  private void learn(ErrorBaseline baseline, long errors, long warnings, long events) {
    boolean first = baseline.getIntervalsSeen() == 0;
    if (first) {
      baseline.setAverage(errors);
    } else {
      baseline.setAverage(
          settings.alpha() * errors + (1 - settings.alpha()) * baseline.getAverage());
    }
    if (events > 0) {
      double ratio = (double) (errors + warnings) / events;
      baseline.setRatioAverage(
          baseline.isRatioLearned()
              ? settings.alpha() * ratio + (1 - settings.alpha()) * baseline.getRatioAverage()
              : ratio);
      baseline.setRatioLearned(true);
    }
    if (baseline.getIntervalsSeen() < settings.warmUpIntervals() || first) {
      baseline.setIntervalsSeen(baseline.getIntervalsSeen() + 1);
    }
  }
}
