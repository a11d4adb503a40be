/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.loghub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quell.detect.core.logs.template.TemplateSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoghubEvaluationTest {
  private static final Path LOGHUB_DEV =
      Path.of(System.getProperty("quell.datasets", "../../shared/datasets")).resolve("loghub-dev");

  @Test
  void readsQuotedContentWritesPredictionsAndScoresThem(@TempDir Path dir) throws Exception {
    Path system = dir.resolve("Tiny");
    Files.createDirectories(system);
    Files.writeString(
        system.resolve("Tiny_2k.log_structured_corrected.csv"),
        """
        LineId,Level,Content,EventId,EventTemplate
        1,INFO,PacketResponder 1 for block blk_1 terminating,E1,PacketResponder <*> for block <*> terminating
        2,INFO,"Changing view acls to: yarn,curi",E2,Changing view acls to: <*>
        3,INFO,PacketResponder 2 for block blk_2 terminating,E1,PacketResponder <*> for block <*> terminating
        4,WARN,"Quote ""x"" seen 3 times",E3,"Quote ""x"" seen <*> times"
        """);

    List<String> progress = new ArrayList<>();
    List<LoghubEvaluation.SystemResult> results =
        LoghubEvaluation.run(dir, dir.resolve("out"), TemplateSettings.defaults(), progress::add);

    assertThat(results).hasSize(1);
    assertThat(results.get(0).scores().groupingAccuracy()).isEqualTo(1.0);
    // "yarn,curi" has no digit: with one line of its kind it stays a constant.
    assertThat(results.get(0).scores().parsingAccuracy()).isEqualTo(0.75);
    List<String> predicted = Files.readAllLines(dir.resolve("out/Tiny/Tiny_2k.log_predicted.csv"));
    assertThat(predicted.get(0)).isEqualTo("LineId,EventId,EventTemplate");
    assertThat(predicted.get(4)).matches("4,[0-9a-f]{16},\"Quote \"\"x\"\" seen <\\*> times\"");
    assertThat(predicted.get(1).split(",")[1]).isEqualTo(predicted.get(3).split(",")[1]);
    assertThat(progress).singleElement().asString().startsWith("Tiny");
  }

  @Test
  void meanGroupingAccuracyOnLoghubDevIsAtLeast95PercentWithOneSetting() throws Exception {
    assumeTrue(Files.isDirectory(LOGHUB_DEV), LOGHUB_DEV + " is absent");

    List<String> lines = new ArrayList<>();
    List<LoghubEvaluation.SystemResult> results =
        LoghubEvaluation.run(LOGHUB_DEV, null, TemplateSettings.defaults(), lines::add);
    double meanGa = LoghubEvaluation.mean(results, LoghubScorer.Scores::groupingAccuracy);
    lines.forEach(System.out::println);
    System.out.printf("mean GA %.4f%n", meanGa);

    assertThat(results).hasSize(8);
    assertThat(meanGa).as(String.join("\n", lines)).isGreaterThanOrEqualTo(0.95);
  }
}
