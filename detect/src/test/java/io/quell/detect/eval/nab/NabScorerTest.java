/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NAB's rules on a file small enough to work out by hand: 20 rows (3 of probation) and one window
 * over rows 10 to 14.
 */
class NabScorerTest {
  private static final LocalDateTime T0 = LocalDateTime.parse("2026-01-01T00:00:00");
  private static final NabProfile STANDARD = NabProfile.nabV11().get(0);
  private static final NabLabels LABELS =
      new NabLabels(
          Map.of("a/f.csv", List.of(new NabLabels.Window(T0.plusMinutes(10), T0.plusMinutes(14)))));

  private static NabScorer.Outcome score(double... scoresByRow) {
    List<LocalDateTime> times = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      times.add(T0.plusMinutes(i));
    }
    double[] scores = new double[20];
    System.arraycopy(scoresByRow, 0, scores, 0, scoresByRow.length);
    return NabScorer.score(
        LABELS, Map.of("a/f.csv", new NabScorer.FileScores(times, scores)), STANDARD);
  }

  private static double[] rows(int[] at, double[] values) {
    double[] scores = new double[20];
    for (int k = 0; k < at.length; k++) {
      scores[at[k]] = values[k];
    }
    return scores;
  }

  @Test
  void shouldGiveTheFullRewardToADetectionAtTheStartOfTheWindow() {
    NabScorer.Outcome outcome = score(rows(new int[] {10, 5}, new double[] {1.0, 0.9}));

    assertThat(outcome.threshold()).isEqualTo(1.0);
    assertThat(outcome.raw()).isCloseTo(1.0, within(1e-12));
    assertThat(outcome.normalized()).isCloseTo(100.0, within(1e-9));
    assertThat(outcome.truePositives()).isEqualTo(1);
    assertThat(outcome.falsePositives()).isZero();
  }

  @Test
  void shouldRewardALateDetectionLessAndPunishAFalsePositiveAfterTheWindowLittle() {
    NabScorer.Outcome late = score(rows(new int[] {14}, new double[] {1.0}));
    // σ(−1/5) / σ(−1) with σ(p) = 2/(1 + e^{5p}) − 1
    double reward = (2 / (1 + Math.exp(-1.0)) - 1) / (2 / (1 + Math.exp(-5.0)) - 1);
    assertThat(late.raw()).isCloseTo(reward, within(1e-12));
    assertThat(late.normalized()).isCloseTo(100 * (reward + 1) / 2, within(1e-9));

    assertThat(NabScorer.scaledSigmoid(0.5)).isCloseTo(2 / (1 + Math.exp(2.5)) - 1, within(1e-12));
    assertThat(NabScorer.scaledSigmoid(3.5)).isEqualTo(-1.0);
    // Row 16 after the window: σ(|16 − 14| / (5 − 1)) × 0.11 — lowering the threshold to take it
    // makes the total worse, so the sweep keeps 1.0.
    NabScorer.Outcome withFalsePositive = score(rows(new int[] {14, 16}, new double[] {1.0, 0.8}));
    assertThat(withFalsePositive.threshold()).isEqualTo(1.0);
    assertThat(withFalsePositive.raw()).isCloseTo(reward, within(1e-12));
  }

  @Test
  void shouldIgnoreDetectionsInTheProbationPeriod() {
    double[] lateOnly = rows(new int[] {14, 8}, new double[] {1.0, 0.7});
    double[] withProbation = rows(new int[] {14, 8, 2}, new double[] {1.0, 0.7, 1.0});

    assertThat(NabScorer.probationRows(20)).isEqualTo(3);
    assertThat(NabScorer.probationRows(100_000)).isEqualTo(750);
    assertThat(score(withProbation)).isEqualTo(score(lateOnly));
    assertThat(score(withProbation).falsePositives()).isZero();
  }

  @Test
  void shouldCostEachFalsePositiveBeforeTheFirstWindowTheFullFalsePositiveWeight() {
    NabScorer.Outcome outcome = score(rows(new int[] {10, 4, 6}, new double[] {0.5, 0.9, 0.9}));

    // At 0.9 two false positives (−0.22 and the missed window −1); at 0.5 the window is found
    // too: 1 − 0.22 = 0.78, the best.
    assertThat(outcome.threshold()).isEqualTo(0.5);
    assertThat(outcome.raw()).isCloseTo(1 - 2 * 0.11, within(1e-12));
    assertThat(outcome.falsePositives()).isEqualTo(2);
  }
}
