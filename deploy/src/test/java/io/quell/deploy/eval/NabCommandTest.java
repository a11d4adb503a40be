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

/** {@code quell eval nab} on a folder of its own and, when present, on nab-dev. */
class NabCommandTest {
  private static final Path NAB_DEV =
      Path.of(System.getProperty("quell.datasets", "../../shared/datasets")).resolve("nab-dev");

  private static final java.time.format.DateTimeFormatter NAB_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

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

  @Test
  void shouldRunTheScorerOverDataWriteNabResultsAndScoreThem(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data/synthetic");
    Files.createDirectories(data);
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    java.time.LocalDateTime t0 = java.time.LocalDateTime.parse("2026-01-01T00:00:00");
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < 2000; i++) {
      double value = 10 + random.nextGaussian() + (i >= 1500 && i < 1520 ? 40 : 0);
      csv.append(NAB_TIME.format(t0.plusMinutes(5L * i))).append(',').append(value).append('\n');
    }
    Files.writeString(data.resolve("spike.csv"), csv);
    Files.writeString(
        dir.resolve("windows.json"),
        "{\"synthetic/spike.csv\": [[\""
            + NAB_TIME.format(t0.plusMinutes(5L * 1450))
            + ".000000\", \""
            + NAB_TIME.format(t0.plusMinutes(5L * 1550))
            + ".000000\"]]}");

    Run result =
        run(
            "eval",
            "nab",
            "--data",
            dir.resolve("data").toString(),
            "--out",
            dir.resolve("out").toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(dir.resolve("out/synthetic/spike.csv")).exists();
    assertThat(Files.readAllLines(dir.resolve("out/synthetic/spike.csv")))
        .hasSize(2001)
        .first()
        .isEqualTo("timestamp,anomaly_score");
    // The spike is found in its window, early, with nothing else reported: close to perfect.
    String standard =
        result
            .out()
            .lines()
            .filter(line -> line.strip().startsWith("standard"))
            .findFirst()
            .orElseThrow();
    double score = Double.parseDouble(standard.strip().split("\\s+")[1]);
    assertThat(score).as(result.out()).isGreaterThan(80);
  }

  @Test
  void shouldScoreAPublishedDetectorsResultsAsNabDoes() {
    assumeTrue(Files.isDirectory(NAB_DEV), NAB_DEV + " is absent");

    Run result =
        run(
            "eval",
            "nab",
            "--results",
            NAB_DEV.resolve("reference/numenta").toString(),
            "--windows",
            NAB_DEV.resolve("windows.json").toString(),
            "--profiles",
            NAB_DEV.resolve("profiles.json").toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("66.99", "61.21", "71.41");
  }

  @Test
  void shouldSayWhereTheWindowsFileWasLookedFor(@TempDir Path dir) {
    Run result = run("eval", "nab", "--results", dir.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("No windows file at", "--windows");
  }
}
