/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QuellCommandTest {

  @Test
  void shouldListEveryTopLevelCommandInTheHelp() {
    Result result = run("--help");
    assertThat(result.exitCode).isZero();
    assertThat(result.out)
        .contains("Usage: quell")
        .contains("demo", "up", "stack", "ingest", "simulate", "detect", "correlate", "remediate")
        .contains("topics", "config");
  }

  @Test
  void shouldAnswerHelpForEveryCommand() {
    List<List<String>> paths = new ArrayList<>();
    collect(QuellCommand.commandLine(), new ArrayList<>(), paths);
    assertThat(paths)
        .extracting(p -> String.join(" ", p))
        .contains(
            "demo",
            "up",
            "stack up",
            "stack status",
            "stack down",
            "ingest serve",
            "ingest file",
            "simulate",
            "detect",
            "correlate",
            "remediate",
            "actions pending",
            "actions approve",
            "actions reject",
            "topics",
            "config reference",
            "config show");
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Result result = run(args.toArray(String[]::new));
      assertThat(result.exitCode).as("exit code of quell %s --help", path).isZero();
      assertThat(result.out)
          .as("help of quell %s", path)
          .contains("Usage: quell " + String.join(" ", path));
    }
  }

  @Test
  void shouldDescribeTheFileShipperInItsHelp() {
    Result result = run("ingest", "file", "--help");
    assertThat(result.exitCode).isZero();
    assertThat(result.out)
        .contains("Usage: quell ingest file")
        .contains("PATH...", "--service", "--follow", "--state", "--multiline", "--from-end");
  }

  @Test
  void shouldAskForAServiceBeforeShippingFiles() {
    Result result = run("ingest", "file", "app.log");
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.err).contains("--service");
  }

  @Test
  void shouldRefuseAMisspeltFileShipperSetting() {
    Result result =
        run("ingest", "file", "-s", "api", "--set", "quell.ingest.file.pol-interval.ms=5", "x");
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.err).contains("quell.ingest.file.pol-interval.ms");
  }

  @Test
  void shouldRejectAnUnknownCommandWithAUsageError() {
    Result result = run("frobnicate");
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.err).contains("Unmatched argument").contains("frobnicate");
  }

  @Test
  void shouldListTheQuellTopicsWithTheirCleanupPolicy() {
    Result result = run("topics");
    assertThat(result.exitCode).isZero();
    assertThat(result.out).containsPattern("quell\\.silences\\s+1\\s+compact");
    assertThat(result.out).containsPattern("quell\\.alerts\\s+4\\s+delete");
  }

  private static void collect(CommandLine cmd, List<String> prefix, List<List<String>> out) {
    for (var entry : cmd.getSubcommands().entrySet()) {
      if (entry.getKey().equals("help")) {
        continue;
      }
      List<String> path = new ArrayList<>(prefix);
      path.add(entry.getKey());
      out.add(path);
      collect(entry.getValue(), path, out);
    }
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = QuellCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
