/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scorer against the published scores of four detectors on the nab-dev files (their table is in
 * the dataset's README). Skipped when ../shared/datasets/nab-dev is absent.
 */
class NabScorerReferenceTest {
  static final Path NAB_DEV =
      Path.of(System.getProperty("quell.datasets", "../../shared/datasets")).resolve("nab-dev");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "numenta, 66.99, 61.21, 71.41",
    "twitterADVec, 38.58, 27.58, 44.51",
    "windowedGaussian, 21.97, 4.87, 29.80",
    "null, 0.00, 0.00, 0.00"
  })
  void shouldReproduceThePublishedScoresOfEveryProfile(
      String detector, double standard, double lowFp, double lowFn) throws Exception {
    assumeTrue(Files.isDirectory(NAB_DEV), NAB_DEV + " is absent");
    NabLabels labels = NabLabels.read(NAB_DEV.resolve("windows.json"));
    List<NabProfile> profiles = NabProfile.read(NAB_DEV.resolve("profiles.json"));
    Map<String, NabScorer.FileScores> results =
        NabCsv.readResults(NAB_DEV.resolve("reference").resolve(detector), labels);

    assertThat(labels.files()).hasSize(30);
    assertThat(labels.windowCount()).isEqualTo(55);
    Map<String, Double> expected =
        Map.of("standard", standard, "reward_low_FP_rate", lowFp, "reward_low_FN_rate", lowFn);
    assertThat(profiles)
        .extracting(NabProfile::name)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (NabProfile profile : profiles) {
      NabScorer.Outcome outcome = NabScorer.score(labels, results, profile);
      assertThat(outcome.normalized())
          .as(detector + " " + profile.name())
          .isCloseTo(expected.get(profile.name()), within(0.01));
    }
  }
}
