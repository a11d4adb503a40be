/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A detector run over a NAB-shaped folder: results in NAB's layout, scored like any other. */
class NabEvaluationTest {
  private static final LocalDateTime T0 = LocalDateTime.parse("2026-01-01T00:00:00");

  @Test
  void shouldWriteResultsInNabsLayoutAndScoreThem(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("cat"));
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < 20; i++) {
      csv.append(NabCsv.TIMESTAMP.format(T0.plusMinutes(i)))
          .append(',')
          .append(i == 10 ? 99 : 1)
          .append('\n');
    }
    Files.writeString(data.resolve("cat/f.csv"), csv);
    NabLabels labels =
        new NabLabels(
            Map.of(
                "cat/f.csv",
                List.of(new NabLabels.Window(T0.plusMinutes(10), T0.plusMinutes(14)))));
    List<String> progress = new ArrayList<>();

    Map<String, NabScorer.FileScores> results =
        NabEvaluation.detect(
            data,
            labels,
            () -> (time, value) -> value > 50 ? 1.0 : 0.0,
            dir.resolve("out"),
            progress::add);

    assertThat(progress).singleElement().asString().contains("cat/f.csv", "20 points");
    Map<String, NabScorer.FileScores> reread = NabCsv.readResults(dir.resolve("out"), labels);
    assertThat(reread.get("cat/f.csv").scores()).containsExactly(results.get("cat/f.csv").scores());
    assertThat(reread.get("cat/f.csv").timestamps())
        .isEqualTo(results.get("cat/f.csv").timestamps());
    List<NabScorer.Outcome> outcomes = NabEvaluation.score(labels, reread, NabProfile.nabV11());
    assertThat(outcomes).hasSize(3);
    assertThat(outcomes.get(0).normalized()).isCloseTo(100.0, within(1e-9));
  }
}
