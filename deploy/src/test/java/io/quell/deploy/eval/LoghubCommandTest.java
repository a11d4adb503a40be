/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quell.deploy.QuellCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code quell eval loghub} on a folder of its own and, when present, on loghub-dev. */
class LoghubCommandTest {
  private static final Path LOGHUB_DEV =
      Path.of(System.getProperty("quell.datasets", "../../shared/datasets")).resolve("loghub-dev");

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = QuellCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static double column(String out, String row, int column) {
    String line =
        out.lines().filter(l -> l.strip().startsWith(row + " ")).findFirst().orElseThrow();
    return Double.parseDouble(line.strip().split("\\s+")[column]);
  }

  @Test
  void minesEachSystemWritesPredictedFilesAndPrintsTheScores(@TempDir Path dir) throws Exception {
    Path system = dir.resolve("data/Mini");
    Files.createDirectories(system);
    StringBuilder csv = new StringBuilder("LineId,Component,Content,EventId,EventTemplate\n");
    for (int i = 1; i <= 40; i++) {
      if (i % 2 == 0) {
        csv.append(i)
            .append(",net,\"Connection from 10.0.0.")
            .append(i)
            .append(":")
            .append(4000 + i)
            .append(" closed, ")
            .append(i * 7)
            .append(" bytes\",E1,\"Connection from <*> closed, <*> bytes\"\n");
      } else {
        csv.append(i)
            .append(",auth,session opened for user ")
            .append(i % 3 == 0 ? "news" : "cyrus")
            .append(",E2,session opened for user <*>\n");
      }
    }
    Files.writeString(system.resolve("Mini_2k.log_structured_corrected.csv"), csv);

    Run result =
        run(
            "eval",
            "loghub",
            "--dir",
            dir.resolve("data").toString(),
            "--out",
            dir.resolve("out").toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(dir.resolve("out/Mini/Mini_2k.log_predicted.csv")).exists();
    assertThat(Files.readAllLines(dir.resolve("out/Mini/Mini_2k.log_predicted.csv")))
        .hasSize(41)
        .first()
        .isEqualTo("LineId,EventId,EventTemplate");
    assertThat(column(result.out(), "Mini", 1)).as(result.out()).isEqualTo(1.0);
    assertThat(column(result.out(), "mean", 1)).isEqualTo(1.0);
  }

  @Test
  void saysWhereItFoundNoLoghubFiles(@TempDir Path dir) {
    Run result = run("eval", "loghub", "--dir", dir.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("No <System>/<System>_2k.log_structured_corrected.csv under");
  }

  @Test
  void meanGroupingAccuracyOnLoghubDevIsAtLeast95Percent(@TempDir Path dir) {
    assumeTrue(Files.isDirectory(LOGHUB_DEV), LOGHUB_DEV + " is absent");

    Run result = run("eval", "loghub", "--dir", LOGHUB_DEV.toString(), "--out", dir.toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(column(result.out(), "mean", 1)).as(result.out()).isGreaterThanOrEqualTo(0.95);
    assertThat(dir.resolve("Proxifier/Proxifier_2k.log_predicted.csv")).exists();
  }
}
