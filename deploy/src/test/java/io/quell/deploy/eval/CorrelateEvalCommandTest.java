/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.deploy.QuellCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code quell eval correlate} end to end on two scenarios: the simulator, the detect replays and
 * the correlator core, scored and written out.
 */
class CorrelateEvalCommandTest {

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
  void shouldPlayTheDemoAndAMaintenanceWindowThroughDetectAndCorrelateAndScoreThem(
      @TempDir Path dir) throws Exception {
    Run result =
        run(
            "eval",
            "correlate",
            "--scenario",
            "demo",
            "--scenario",
            "maintenance",
            "--out",
            dir.toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("played demo", "played maintenance", "overall");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("correlate-eval.json").toFile());
    JsonNode demo = report.path("scenarios").get(0);
    assertThat(demo.path("scenario").asText()).isEqualTo("demo");
    // The demo's slowdown: dozens of alerts, grouped into one incident led by its database.
    assertThat(demo.path("alerts").asInt()).isGreaterThan(10);
    assertThat(demo.path("faultsDetected").asInt()).isEqualTo(1);
    assertThat(demo.path("compression").asDouble()).isGreaterThan(0.9);
    JsonNode fault = demo.path("perFault").get(0);
    assertThat(fault.path("rootService").asText()).isEqualTo("catalog-db");
    assertThat(fault.path("rootCauses").get(0).asText()).isEqualTo("catalog-db");
    assertThat(fault.path("secondsToIncident").asDouble()).isPositive();
    // The maintenance window mutes the planned work's own alerts.
    JsonNode maintenance = report.path("scenarios").get(1);
    assertThat(maintenance.path("plannedAlerts").asInt()).isPositive();
    assertThat(maintenance.path("plannedMuted").asInt()).isPositive();
    assertThat(report.path("overall").path("alerts").asInt())
        .isEqualTo(demo.path("alerts").asInt() + maintenance.path("alerts").asInt());
    List<String> csv = Files.readAllLines(dir.resolve("scenarios.csv"));
    assertThat(csv).hasSize(4);
    assertThat(csv.get(3)).startsWith("overall,");
    assertThat(Files.readAllLines(dir.resolve("faults.csv"))).hasSize(3);
  }

  @Test
  void shouldRefuseAnUnknownScenarioNamingTheKnownOnes() {
    Run result = run("eval", "correlate", "--scenario", "earthquake");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("earthquake", "slowdown", "overlapping", "demo");
  }
}
