/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustBaselineDetectorTest {

  private static RobustBaselineDetector detector(
      int window, int warmUp, double absFloor, double relFloor, int relearnAfter) {
    return new RobustBaselineDetector(
        new RobustBaselineSettings(window, warmUp, 5.0, absFloor, relFloor, relearnAfter));
  }

  /**
   * Judges and updates as SeriesMonitor does outside alerts: points below the threshold are normal.
   */
  private static Judgement step(
      RobustBaselineDetector detector, RollingWindow window, double value) {
    Judgement judgement = detector.judge(window, value);
    detector.update(window, value, !judgement.scored() || judgement.score() < detector.threshold());
    return judgement;
  }

  private static RollingWindow learned(RobustBaselineDetector detector, double... values) {
    RollingWindow window = detector.newState();
    for (double value : values) {
      step(detector, window, value);
    }
    return window;
  }

  @Test
  void shouldNotScoreBeforeTheWarmUpIsComplete() {
    RobustBaselineDetector detector = detector(10, 5, 0, 0, 0);
    RollingWindow window = detector.newState();

    for (int i = 0; i < 5; i++) {
      assertThat(step(detector, window, 1000 * i).scored()).isFalse();
    }
    assertThat(step(detector, window, 1).scored()).isTrue();
  }

  @Test
  void shouldScoreTheDistanceFromTheMedianInUnitsOfTheScaledMad() {
    RobustBaselineDetector detector = detector(5, 5, 0, 0, 0);
    // median 10; absolute deviations 2, 1, 0, 1, 2: MAD 1
    RollingWindow window = learned(detector, 10, 12, 8, 11, 9);

    Judgement judgement = step(detector, window, 13);

    assertThat(judgement.expected()).isEqualTo(10);
    assertThat(judgement.scale()).isCloseTo(1.4826, within(1e-12));
    assertThat(judgement.score()).isCloseTo(3 / 1.4826, within(1e-9));
    assertThat(step(detector, learned(detector, 10, 12, 8, 11, 9), 7).score())
        .as("two-sided")
        .isCloseTo(3 / 1.4826, within(1e-9));
  }

  @Test
  void shouldNotBeDraggedAlongByAnOutlierLearnedDuringWarmUp() {
    RobustBaselineDetector detector = detector(7, 7, 0, 0, 0);
    RollingWindow window = learned(detector, 10, 11, 9, 10, 11, 9, 1_000_000);

    Judgement judgement = step(detector, window, 10.5);

    assertThat(judgement.expected()).isEqualTo(10);
    assertThat(judgement.score()).isLessThan(1);
  }

  @Test
  void shouldFloorTheScaleSoAFlatSeriesDoesNotExplodeOnATinyChange() {
    RobustBaselineDetector relative = detector(10, 5, 0.001, 0.02, 0);
    RollingWindow flatAtHundred = learned(relative, 100, 100, 100, 100, 100);

    // scale floor 0.02 * 100 = 2: a 1% change is half a unit, a 10% change is the threshold
    assertThat(step(relative, flatAtHundred, 101).score()).isCloseTo(0.5, within(1e-9));
    assertThat(step(relative, flatAtHundred, 110).score()).isCloseTo(5, within(1e-9));

    RollingWindow flatAtZero = learned(relative, 0, 0, 0, 0, 0);
    assertThat(step(relative, flatAtZero, 0.0001).score()).isCloseTo(0.1, within(1e-9));
    assertThat(Double.isFinite(detector(10, 5, 0, 0, 0).judge(flatAtZero, 1).score())).isTrue();
  }

  @Test
  void shouldNotLearnFromAnomalousPoints() {
    RobustBaselineDetector detector = detector(10, 10, 0.001, 0.02, 0);
    RollingWindow window = learned(detector, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10);
    double[] before = window.snapshot();

    for (int i = 0; i < 20; i++) {
      assertThat(step(detector, window, 50).score()).isGreaterThan(5);
    }

    assertThat(window.snapshot()).containsExactly(before);
    assertThat(step(detector, window, 10).score()).isLessThan(1);
  }

  @Test
  void shouldTakeASustainedNewLevelAsTheBaselineAfterTheRelearnCount() {
    RobustBaselineDetector detector = detector(10, 5, 0.001, 0.02, 6);
    RollingWindow window = learned(detector, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10);

    for (int i = 0; i < 6; i++) {
      assertThat(step(detector, window, 50).score()).as("shift point %d", i).isGreaterThan(5);
    }
    // the sixth anomalous point in a row emptied the window: the new level is learned
    for (int i = 0; i < 4; i++) {
      assertThat(step(detector, window, 50 + (i % 2)).scored()).isFalse();
    }

    Judgement atNewLevel = step(detector, window, 50.5);
    assertThat(atNewLevel.scored()).isTrue();
    assertThat(atNewLevel.expected()).isCloseTo(50, within(1.0));
    assertThat(atNewLevel.score()).isLessThan(1);
    assertThat(step(detector, window, 10).score()).as("the old level is now odd").isGreaterThan(5);
  }

  @Test
  void shouldFollowSlowDriftWithoutScoringIt() {
    RobustBaselineDetector detector = detector(30, 10, 0.001, 0.02, 60);
    RollingWindow window = detector.newState();
    Random random = new Random(7);
    double maxScore = 0;
    for (int i = 0; i < 2000; i++) {
      // +50% over 2000 points, noise 1%
      double value = 100 * (1 + 0.5 * i / 2000.0) + random.nextGaussian();
      Judgement judgement = step(detector, window, value);
      if (judgement.scored()) {
        maxScore = Math.max(maxScore, judgement.score());
      }
    }

    assertThat(maxScore).isLessThan(5);
  }

  @Test
  void shouldHoldNoMoreThanTheWindowWhateverTheSeriesDoes() {
    RobustBaselineDetector detector = detector(30, 10, 0.001, 0.02, 60);
    RollingWindow window = detector.newState();
    Random random = new Random(11);

    for (int i = 0; i < 100_000; i++) {
      step(detector, window, random.nextDouble() * (i % 1000 == 0 ? 1e6 : 1));
    }

    assertThat(window.getValues()).hasSize(30);
    assertThat(window.getSize()).isEqualTo(30);
  }
}
