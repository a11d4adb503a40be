/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

import io.quell.detect.core.metric.RollingWindow;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Scores the points of a series in [0, 1], one at a time, with bounded state ({@link
 * AnomalyState}):
 *
 * <ol>
 *   <li>a robust z-score of the value and of its step from the previous value against the median
 *       and spread of the last {@code windowPoints} ones — level shifts, spikes and sudden drops;
 *   <li>once {@code seasonLearnPoints} were seen, the series' period is looked for ({@link
 *       PeriodFinder}); a seasonal series is from then on judged by the robust z-score of its
 *       residual against the median of its values one, two and three seasons ago, so that a daily
 *       peak is expected and a missing one is not;
 *   <li>the value's z-score is capped by the distance to its {@code nearestNeighbours}-th nearest
 *       value in the window, in the same units, so that a value common in the window is not unusual
 *       however far it lies from the median (quantized and multi-modal series);
 *   <li>the z-score becomes a raw score {@code min(1, z / rawScale)}, and the {@link
 *       AnomalyLikelihood} of the recent raw scores against the series' own history is the score;
 *   <li>a value beyond the range the series has ever shown, by more than {@code rangeTolerance} of
 *       it, scores 1 (once {@code rangeLearnPoints} were seen);
 *   <li>a score at or above {@code fireThreshold} is reported, and the next {@code holdPoints} are
 *       held at 0: one episode, one report.
 * </ol>
 */
public final class AnomalyScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final AnomalySettings settings;
  private final double likelihoodDecay;

  public AnomalyScorer(AnomalySettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.likelihoodDecay = AnomalyLikelihood.decayOfHalfLife(settings.likelihoodHalfLife());
  }

  public AnomalySettings settings() {
    return settings;
  }

  /** Judges {@code value}, the next point of the series whose state is {@code state}. */
  public AnomalyScore score(AnomalyState state, double value) {
    int window = settings.windowPoints();
    state.setSeen(state.getSeen() + 1);

    RollingWindow history = state.getHistory();
    int period = state.isSeasonDecided() ? state.getPeriod() : -1;
    // A seasonal series is judged by its residual alone (below): the value's and the step's
    // z-scores would be thrown away, so they are not computed; their windows are still kept.
    double z = 0;
    double expected = value;
    if (period <= 0) {
      double[] valueBaseline = baseline(state.getValues());
      if (valueBaseline != null) {
        z = Math.abs(value - valueBaseline[0]) / valueBaseline[1];
        expected = valueBaseline[0];
        if (settings.nearestNeighbours() > 0) {
          // A value far from the median but common in the window (one mode of a multi-modal or
          // quantized series) is not unusual: judge it by its distance to its nearest neighbours.
          z =
              Math.min(
                  z,
                  state.getValues().nearestDistance(value, settings.nearestNeighbours())
                      / valueBaseline[1]);
        }
      }
    }
    state.getValues().add(value, window);
    double step = state.getSeen() == 1 ? 0 : value - state.getPrevious();
    state.setPrevious(value);
    if (period <= 0) {
      double[] stepBaseline = baseline(state.getSteps());
      if (stepBaseline != null) {
        z = Math.max(z, Math.abs(step - stepBaseline[0]) / stepBaseline[1]);
      }
    }
    state.getSteps().add(step, window);

    if (period > 0) {
      double seasonal = seasonalExpectation(history, period);
      double residual = value - seasonal;
      double[] residualBaseline = baseline(state.getResiduals());
      z =
          residualBaseline == null
              ? 0
              : Math.abs(residual - residualBaseline[0]) / residualBaseline[1];

      expected = seasonal + (residualBaseline == null ? 0 : residualBaseline[0]);
      state.getResiduals().add(residual, window);
    }
    if (!state.isSeasonDecided()) {
      history.add(value, settings.seasonLearnPoints());
      if (history.getSize() >= settings.seasonLearnPoints()) {
        int found = PeriodFinder.find(history.snapshot(), settings.minAutocorrelation());
        state.setPeriod(found);
        state.setSeasonDecided(true);
        if (found <= 0) {
          // Not seasonal: nothing more to remember.
          state.setHistory(new RollingWindow());
        }
      }
    } else if (period > 0) {
      // Keeps only what the expectation reads: the values of the remembered seasons.
      history.add(value, settings.seasonsRemembered() * period + 1);
    }

    double raw = Math.min(1, z / settings.rawScale());
    double score =
        state
            .getLikelihood()
            .update(
                raw,
                settings.likelihoodWindow(),
                likelihoodDecay,
                settings.likelihoodLearnPoints());
    if (beyondRange(state, value)) {
      score = 1;
    }
    boolean reported = false;
    if (state.getHoldLeft() > 0) {
      state.setHoldLeft(state.getHoldLeft() - 1);
      score = 0;
    } else if (score >= settings.fireThreshold()) {
      reported = true;
      state.setHoldLeft(settings.holdPoints());
    }
    return new AnomalyScore(
        score, reported, z, expected, state.getPeriod() > 0 ? state.getPeriod() : -1);
  }

  /**
   * Whether {@code value} lies outside everything the series has shown, by more than {@code
   * rangeTolerance} of that range, once {@code rangeLearnPoints} were seen; the range then takes
   * the value in. A new extreme is an anomaly however noisy the recent raw scores were.
   */
  private boolean beyondRange(AnomalyState state, double value) {
    double highest = state.getHighest();
    double lowest = state.getLowest();
    double margin = settings.rangeTolerance() * (highest - lowest);
    boolean beyond =
        settings.rangeTolerance() >= 0
            && state.getSeen() > settings.rangeLearnPoints()
            && (value > highest + margin || value < lowest - margin);
    state.setHighest(Math.max(highest, value));
    state.setLowest(Math.min(lowest, value));
    return beyond;
  }

  /** Median and spread of the window, or null while it holds fewer than the warm-up. */
  private double[] baseline(SortedWindow window) {
    if (window.getSize() < settings.warmUpPoints()) {
      return null;
    }
    return window.medianAndScale(settings.minScaleAbsolute(), settings.minScaleRelative());
  }

  /** The median of the values one, two, … seasons before the newest point of {@code history}. */
  private double seasonalExpectation(RollingWindow history, int period) {
    int size = history.getSize();
    int seasons = Math.min(settings.seasonsRemembered(), size / period);
    if (seasons == 0) {
      return history.getSize() == 0 ? 0 : newest(history, 0);
    }
    double[] past = new double[seasons];
    for (int k = 0; k < seasons; k++) {
      // The newest value in history is the previous point: k+1 seasons back is index
      // period·(k+1)−1.
      past[k] = newest(history, (k + 1) * period - 1);
    }
    Arrays.sort(past);
    return RobustStatistics.median(past);
  }

  /** The value {@code back} places before the newest of the window (0: the newest). */
  private static double newest(RollingWindow window, int back) {
    double[] values = window.getValues();
    int capacity = values.length;
    return values[Math.floorMod(window.getNext() - 1 - back, capacity)];
  }
}
