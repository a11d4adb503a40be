/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.correlate.CorrelateOptions;
import io.quell.correlate.core.InMemoryTopology;
import io.quell.correlate.eval.OfflineCorrelation;
import io.quell.deploy.QuellCommand;
import io.quell.detect.DetectOptions;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.MemberAlert;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    List<String> alerts = Files.readAllLines(dir.resolve("alerts.csv"));
    assertThat(alerts.get(0))
        .isEqualTo("scenario,seconds,alert,service,fingerprint,fault,incident,muted");
    assertThat(alerts).hasSize(1 + report.path("overall").path("alerts").asInt());
    assertThat(alerts)
        .filteredOn(line -> line.startsWith("demo,") && line.contains(",fault-1,inc-"))
        .hasSize(demo.path("alerts").asInt());
  }

  @Test
  void shouldJoinAlertsOfOneMinedLogTemplateOnUnconnectedServicesByTheirTemplateId()
      throws Exception {
    // The partition makes the databases log the same new error lines: detect mines one template
    // per message shape and labels its alerts with the template's id. Without any topology, the
    // correlator can only relate two databases' alerts by that id.
    CorrelateEvaluation.Outcome outcome =
        new CorrelateEvaluation(
                DetectOptions.fromConfig(Map.of()), CorrelateOptions.fromMap(Map.of()))
            .evaluate("partition", CorrelateScenarios.named("partition", 42));
    Map<String, Set<String>> servicesByTemplate = new HashMap<>();
    for (Alert alert : outcome.alerts()) {
      String templateId = alert.getLabels().get("template_id");
      if (templateId != null && alert.getStatus() == AlertStatus.FIRING) {
        servicesByTemplate
            .computeIfAbsent(templateId, id -> new HashSet<>())
            .add(alert.getService());
      }
    }
    String shared =
        servicesByTemplate.entrySet().stream()
            .filter(entry -> entry.getValue().size() > 1)
            .map(Map.Entry::getKey)
            .sorted()
            .findFirst()
            .orElseThrow(() -> new AssertionError("no template on two services"));
    List<Alert> carrying =
        outcome.alerts().stream()
            .filter(alert -> shared.equals(alert.getLabels().get("template_id")))
            .toList();

    OfflineCorrelation.Result play =
        new OfflineCorrelation(
                CorrelateOptions.fromMap(Map.of()), new InMemoryTopology(), List.of())
            .play(carrying, (service, startsAt) -> null);

    List<MemberAlert> byTemplate =
        play.versions().stream()
            .flatMap(published -> published.incident().getAlerts().stream())
            .filter(member -> member.getJoinReason().getKind() == JoinRuleKind.SAME_TEMPLATE)
            .toList();
    assertThat(byTemplate).isNotEmpty();
    assertThat(byTemplate)
        .allSatisfy(member -> assertThat(member.getJoinReason().getTemplateId()).isEqualTo(shared));
    assertThat(play.rootCauses()).hasSize(1);
  }

  @Test
  void shouldRefuseAnUnknownScenarioNamingTheKnownOnes() {
    Run result = run("eval", "correlate", "--scenario", "earthquake");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("earthquake", "slowdown", "overlapping", "demo");
  }
}
