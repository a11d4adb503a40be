/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quell.detect.core.anomaly.AnomalyScorer;
import io.quell.detect.core.anomaly.AnomalySettings;
import io.quell.detect.core.anomaly.AnomalyState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Holds the detector's default settings above Numenta HTM's standard-profile score on the nab-dev
 * files (66.99, reproduced by {@link NabScorerReferenceTest}). Skipped when
 * ../shared/datasets/nab-dev is absent.
 */
class DefaultScorerOnNabTest {
  private static final double HTM_STANDARD = 66.99;

  @Test
  void shouldBeatNumentaHtmOnTheStandardProfileWithTheDefaultSettings() throws Exception {
    Path nabDev = NabScorerReferenceTest.NAB_DEV;
    assumeTrue(Files.isDirectory(nabDev), nabDev + " is absent");
    NabLabels labels = NabLabels.read(nabDev.resolve("windows.json"));
    AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults());

    Map<String, NabScorer.FileScores> results =
        NabEvaluation.detect(
            nabDev.resolve("data"),
            labels,
            () -> {
              AnomalyState state = new AnomalyState();
              return (millis, value) -> scorer.score(state, value).score();
            },
            null,
            line -> {});
    List<NabScorer.Outcome> outcomes =
        NabEvaluation.score(labels, results, NabProfile.read(nabDev.resolve("profiles.json")));

    NabScorer.Outcome standard =
        outcomes.stream().filter(o -> o.profile().name().equals("standard")).findFirst().get();
    assertThat(standard.normalized()).isGreaterThan(HTM_STANDARD);
    assertThat(outcomes)
        .allSatisfy(o -> assertThat(o.normalized()).isBetween(HTM_STANDARD - 10, 100.0));
  }
}
