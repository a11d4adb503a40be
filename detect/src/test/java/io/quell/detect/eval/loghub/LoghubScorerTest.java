/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.loghub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoghubScorerTest {

  @Test
  void perfectGroupingScoresOneWhateverTheIdsAreCalled() {
    LoghubScorer.Scores s =
        LoghubScorer.score(
            List.of("E1", "E1", "E2"),
            List.of("a <*>", "a <*>", "b"),
            List.of("x", "x", "y"),
            List.of("a <*>", "a <*>", "b"));

    assertThat(s.groupingAccuracy()).isEqualTo(1.0);
    assertThat(s.parsingAccuracy()).isEqualTo(1.0);
    assertThat(s.groupF1()).isEqualTo(1.0);
  }

  @Test
  void aSplitTrueGroupCostsAllItsLines() {
    // E1 (3 lines) split in two; E2 (1 line) right.
    LoghubScorer.Scores s =
        LoghubScorer.score(
            List.of("E1", "E1", "E1", "E2"),
            List.of("t", "t", "t", "u"),
            List.of("p", "p", "q", "r"),
            List.of("t", "t", "t", "u"));

    assertThat(s.groupingAccuracy()).isEqualTo(0.25);
    assertThat(s.parsingAccuracy()).isEqualTo(1.0);
    // 1 correct group of 3 predicted and 2 true: P = 1/3, R = 1/2.
    assertThat(s.groupF1()).isCloseTo(0.4, within(1e-9));
    assertThat(s.correctGroups()).isEqualTo(1);
  }

  @Test
  void aMergedPredictedGroupCostsTheLinesOfBothTrueGroups() {
    LoghubScorer.Scores s =
        LoghubScorer.score(
            List.of("E1", "E2", "E3"),
            List.of("a", "b", "c"),
            List.of("p", "p", "q"),
            List.of("<*>", "<*>", "c"));

    assertThat(s.groupingAccuracy()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(s.parsingAccuracy()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(s.predictedGroups()).isEqualTo(2);
    assertThat(s.trueGroups()).isEqualTo(3);
  }

  @Test
  void templatesAreComparedWithJoinedWildcardsAndSpacesNormalised() {
    assertThat(LoghubScorer.normalise("  Received  request <*>:<*> "))
        .isEqualTo("Received request <*>");
    assertThat(LoghubScorer.normalise("steps = <*>##<*>##<*>")).isEqualTo("steps = <*>");
    assertThat(LoghubScorer.normalise("a <*> <*> b")).isEqualTo("a <*> <*> b");
    assertThat(LoghubScorer.normalise("(<*>)")).isEqualTo("(<*>)");
  }
}
