/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quell.stack.StackState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code quell stack up} in its own JVM, driven from "another terminal" by {@code status} and
 * {@code down}, as a user would.
 */
class StackCommandsTest {

  @Test
  void shouldStartReportAndStopTheStackFromAnotherProcessLeavingNoProcessBehind() throws Exception {
    Path dir = Path.of("target", "stack-commands").toAbsolutePath();
    deleteTree(dir);
    Files.createDirectories(dir);
    Path out = dir.resolve("up.out");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add("-Dquell.distributions=" + System.getProperty("quell.distributions"));
    command.add(QuellCommand.class.getName());
    command.addAll(List.of("stack", "up", "--dir", dir.toString()));
    for (String port :
        List.of(
            "--kafka-port",
            "--kafka-controller-port",
            "--registry-port",
            "--registry-management-port",
            "--elasticsearch-port",
            "--elasticsearch-transport-port")) {
      command.addAll(List.of(port, "0"));
    }
    Process up =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !up.isAlive() || Files.readString(out).contains("Press Ctrl-C"));
      assertThat(up.isAlive())
          .as("stack up is running; its output:%n%s", Files.readString(out))
          .isTrue();
      String printed = Files.readString(out);
      assertThat(printed)
          .contains("Kafka bootstrap servers:")
          .contains("Schema registry URL:")
          .contains("/apis/ccompat/v7")
          .contains("Elasticsearch URL:")
          .contains("created 12 topics");

      Result status = run("stack", "status", "--dir", dir.toString());
      assertThat(status.code).isZero();
      assertThat(status.out).contains("pid " + up.pid()).contains("Kafka bootstrap servers:");
      StackState state = StackState.read(dir).orElseThrow();
      List<Long> pids = new ArrayList<>(state.childPids());
      pids.add(up.pid());
      ProcessHandle.of(up.pid()).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));

      Result down = run("stack", "down", "--dir", dir.toString());
      assertThat(down.code).isZero();
      assertThat(down.out).contains("Stopped.");

      assertThat(pids)
          .allSatisfy(
              pid ->
                  assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                      .as("process %d is gone", pid)
                      .isFalse());
      Result after = run("stack", "status", "--dir", dir.toString());
      assertThat(after.code).isEqualTo(3);
      assertThat(after.out).contains("No stack is running");
    } finally {
      up.destroyForcibly();
    }
  }

  private record Result(int code, String out) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cmd = QuellCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    int code = cmd.execute(args);
    return new Result(code, out.toString());
  }

  static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
