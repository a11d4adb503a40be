/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyScorerTest {
  private final AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults());

  private List<AnomalyScore> play(double[] values) {
    AnomalyState state = new AnomalyState();
    List<AnomalyScore> scores = new ArrayList<>();
    for (double value : values) {
      scores.add(scorer.score(state, value));
    }
    return scores;
  }

  private static List<Integer> reported(List<AnomalyScore> scores) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      if (scores.get(i).reported()) {
        at.add(i);
      }
    }
    return at;
  }

  @Test
  void shouldReportALevelShiftOnceAndStayQuietOnNoise() {
    Random random = new Random(7);
    double[] values = new double[1500];
    for (int i = 0; i < values.length; i++) {
      values[i] = 100 + random.nextGaussian() * 2 + (i >= 1000 ? 30 : 0);
    }

    List<AnomalyScore> scores = play(values);

    assertThat(reported(scores))
        .singleElement()
        .satisfies(i -> assertThat(i).isBetween(1000, 1010));
    assertThat(scores).allSatisfy(s -> assertThat(s.score()).isBetween(0.0, 1.0));
    // Held after the report: the same episode is not reported again.
    int first = reported(scores).get(0);
    for (int i = first + 1; i <= first + AnomalySettings.defaults().holdPoints(); i++) {
      assertThat(scores.get(i).score()).isZero();
    }
  }

  @Test
  void shouldNotReportTheCommonLowerStepOfAQuantizedSeriesButReportANewExtreme() {
    // Like a CPU gauge that reads 0.134 most of the time and drops to 0.066 one time in six: the
    // drop lies many spreads from the median but is common, so it is not unusual; a reading far
    // above anything seen before is.
    Random random = new Random(3);
    double[] values = new double[2000];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(6) == 0 ? 0.066 : 0.134 + (random.nextBoolean() ? 0.002 : 0);
    }
    values[1700] = 2.3;

    List<AnomalyScore> scores = play(values);

    assertThat(reported(scores).stream().filter(i -> i > 300).toList())
        .singleElement()
        .isEqualTo(1700);
    assertThat(scores.get(1700).score()).isEqualTo(1.0);
  }

  @Test
  void shouldScoreAValueBeyondEverythingSeenAsOneOnlyAfterTheRangeIsLearned() {
    AnomalySettings settings = AnomalySettings.defaults();
    AnomalyState state = new AnomalyState();
    // The series climbs steadily during the first points: each value is a new high, but the range
    // rule waits for rangeLearnPoints.
    for (int i = 0; i < settings.rangeLearnPoints(); i++) {
      assertThat(scorer.score(state, i).score()).isLessThan(1.0);
    }
    for (int i = 0; i < 200; i++) {
      scorer.score(state, 50 + (i % 10));
    }
    double highest = settings.rangeLearnPoints() - 1;
    double margin = settings.rangeTolerance() * highest;

    assertThat(scorer.score(state, highest + margin * 0.5).score()).isLessThan(1.0);
    assertThat(scorer.score(state, highest + margin * 3).reported()).isTrue();
  }

  @Test
  void shouldExpectADailyPeakAndReportAMissingOne() {
    int period = 96;
    Random random = new Random(11);
    double[] values = new double[2000];
    for (int i = 0; i < values.length; i++) {
      boolean peak = i % period >= 40 && i % period < 56;
      // The peak of the day starting at 1440 (points 1480 to 1495) does not come.
      boolean missing = i >= 1440 && i < 1440 + period;
      values[i] = 10 + (peak && !missing ? 50 : 0) + random.nextGaussian();
    }

    List<AnomalyScore> scores = play(values);

    assertThat(scores.get(values.length - 1).period()).isEqualTo(period);
    // Every daily peak after the season is learned is normal; the missing one is not.
    assertThat(reported(scores).stream().filter(i -> i > 700).toList())
        .singleElement()
        .satisfies(i -> assertThat(i).isBetween(1440 + 40, 1440 + 56));
  }

  @Test
  void shouldKeepOnlyTheRememberedSeasonsOnceTheSeasonIsKnown() {
    double[] values = new double[1200];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.sin(2 * Math.PI * i / 50);
    }
    AnomalyState state = new AnomalyState();
    for (double value : values) {
      scorer.score(state, value);
    }

    assertThat(state.getPeriod()).isEqualTo(50);
    assertThat(state.getHistory().getValues())
        .hasSize(AnomalySettings.defaults().seasonsRemembered() * 50 + 1);
    assertThat(state.getValues().getRing()).hasSize(200);
    assertThat(state.getValues().getSorted()).hasSize(200).isSorted();
  }
}
