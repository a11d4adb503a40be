/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.correlate.CorrelateOptions;
import io.quell.correlate.eval.FaultScore;
import io.quell.correlate.eval.ScenarioScore;
import io.quell.correlate.eval.ScoredAlert;
import io.quell.deploy.config.ConfigMixin;
import io.quell.detect.DetectOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quell eval correlate}: plays simulator scenarios through detection and correlation,
 * offline, and scores the incidents against the ground truth.
 */
@Command(
    name = "correlate",
    mixinStandardHelpOptions = true,
    description = {
      "Play simulator scenarios through detection and correlation (offline, deterministic) and"
          + " score the incidents against the injected faults: alert-to-incident compression,"
          + " pairwise precision and recall of the grouping, root-cause top-1 and top-3, time from"
          + " fault start to incident, muting of planned work.",
      "Detection and correlation use the quell.detect.* and quell.correlate.* settings of"
          + " --config / --set (defaults otherwise)."
    })
public final class CorrelateEvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigMixin config;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description =
          "Scenario to play (repeatable; default: all): one fault kind alone (slowdown,"
              + " error-burst, memory-leak, bad-deploy, partition, flapping-check, maintenance),"
              + " overlapping (six overlapping faults) or demo.")
  List<String> scenarios = new ArrayList<>();

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of the simulator (topology, noise); default ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write correlate-eval.json, scenarios.csv, faults.csv and alerts.csv (where each alert"
              + " episode went) to DIR.")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter writer = spec.commandLine().getOut();
    List<String> names = scenarios.isEmpty() ? CorrelateScenarios.names() : scenarios;
    for (String name : names) {
      try {
        CorrelateScenarios.named(name, seed);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    Map<String, String> settings = config.load();
    CorrelateEvaluation evaluation =
        new CorrelateEvaluation(
            DetectOptions.fromConfig(settings), CorrelateOptions.fromMap(settings));
    List<ScenarioScore> scores = new ArrayList<>();
    List<String> noise = new ArrayList<>();
    List<String> alertLines = new ArrayList<>();
    alertLines.add("scenario,seconds,alert,service,fingerprint,fault,incident,muted");
    for (String name : names) {
      long began = System.nanoTime();
      CorrelateEvaluation.Outcome outcome =
          evaluation.evaluate(name, CorrelateScenarios.named(name, seed));
      scores.add(outcome.score());
      for (ScoredAlert alert : outcome.play().alerts()) {
        alertLines.add(alertLine(name, alert));
        if (!alert.fromFault()) {
          noise.add(
              String.format(
                  "%-15s +%4ds %-24s %-22s %s",
                  name,
                  (alert.startsAt() - CorrelateEvaluation.START.toEpochMilli()) / 1000,
                  alert.name(),
                  alert.service(),
                  alert.incidentId()));
        }
      }
      writer.printf(
          "played %-15s %5d alert records → %4d incident versions in %.1f s (correlation %.0f"
              + " alerts/s)%n",
          name,
          outcome.alerts().size(),
          outcome.play().versions().size(),
          (System.nanoTime() - began) / 1e9,
          outcome.play().alertsPerSecond());
      writer.flush();
    }
    ScenarioScore overall = ScenarioScore.overall("overall", scores);
    writer.println();
    printTable(writer, scores, overall);
    if (!noise.isEmpty()) {
      writer.println();
      writer.println("Noise (alerts no fault explains): scenario, start, alert, service, incident");
      noise.forEach(line -> writer.println("  " + line));
    }
    if (out != null) {
      write(out, scores, overall, seed);
      Files.write(out.resolve("alerts.csv"), alertLines);
      writer.println(
          "Wrote "
              + out.resolve("correlate-eval.json")
              + ", scenarios.csv, faults.csv, alerts.csv");
    }
    writer.flush();
    return 0;
  }

  /** Where one alert episode went: its fault (empty for noise) and its incident. */
  static String alertLine(String scenario, ScoredAlert alert) {
    return String.join(
        ",",
        scenario,
        String.valueOf((alert.startsAt() - CorrelateEvaluation.START.toEpochMilli()) / 1000),
        alert.name(),
        alert.service() == null ? "" : alert.service(),
        alert.fingerprint(),
        alert.faultId() == null ? "" : alert.faultId(),
        alert.incidentId() == null ? "" : alert.incidentId(),
        String.valueOf(alert.muted()));
  }

  /** One line per scenario and one overall, then one line per fault. */
  static void printTable(PrintWriter out, List<ScenarioScore> scores, ScenarioScore overall) {
    String header = "%-15s %6s %6s %5s %9s %11s %9s %6s %6s %6s %8s %8s %7s%n";
    out.printf(
        header,
        "scenario",
        "faults",
        "alerts",
        "noise",
        "incidents",
        "compression",
        "precision",
        "recall",
        "top-1",
        "top-3",
        "t→inc s",
        "max s",
        "muted");
    List<ScenarioScore> rows = new ArrayList<>(scores);
    rows.add(overall);
    for (ScenarioScore score : rows) {
      out.printf(
          "%-15s %6s %6d %5d %9d %11s %9s %6s %6s %6s %8s %8s %7s%n",
          score.scenario(),
          score.faultsDetected() + "/" + score.faults().size(),
          score.alerts(),
          score.noiseAlerts(),
          score.incidents(),
          percent(score.compression()),
          decimal(score.pairwisePrecision()),
          decimal(score.pairwiseRecall()),
          percent(score.rootCauseTop1()),
          percent(score.rootCauseTop3()),
          seconds(score.meanSecondsToIncident()),
          seconds(score.maxSecondsToIncident()),
          score.plannedAlerts() == 0 ? "-" : score.plannedMuted() + "/" + score.plannedAlerts());
    }
    out.println();
    out.printf(
        "%-15s %-8s %-14s %-20s %6s %9s %-5s %-5s %8s  %s%n",
        "scenario",
        "fault",
        "kind",
        "root",
        "alerts",
        "incidents",
        "top-1",
        "top-3",
        "t→inc s",
        "candidates");
    for (ScenarioScore score : scores) {
      for (FaultScore fault : score.faults()) {
        out.printf(
            "%-15s %-8s %-14s %-20s %6d %9d %-5s %-5s %8s  %s%n",
            score.scenario(),
            fault.faultId(),
            fault.kind(),
            fault.rootService(),
            fault.alerts(),
            fault.incidents(),
            fault.detected() ? (fault.top1() ? "yes" : "no") : "-",
            fault.detected() ? (fault.top3() ? "yes" : "no") : "-",
            fault.secondsToIncident() == null
                ? "-"
                : String.format("%.0f", fault.secondsToIncident()),
            String.join(", ", fault.rootCauses()));
      }
    }
    out.println();
    out.println(
        "Targets on the default scenarios: compression ≥ 95 %, precision and recall ≥ 0.90,"
            + " top-1 ≥ 80 %. muted: alerts of planned work muted by its maintenance window.");
  }

  static void write(Path dir, List<ScenarioScore> scores, ScenarioScore overall, long seed)
      throws IOException {
    Files.createDirectories(dir);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("seed", seed);
    ArrayNode list = root.putArray("scenarios");
    for (ScenarioScore score : scores) {
      list.add(toJson(json, score));
    }
    root.set("overall", toJson(json, overall));
    json.writeValue(dir.resolve("correlate-eval.json").toFile(), root);

    List<String> scenarioLines = new ArrayList<>();
    scenarioLines.add(
        "scenario,faults,faults_detected,alerts,noise,incidents,versions,compression,precision,"
            + "recall,top1,top3,mean_seconds_to_incident,max_seconds_to_incident,planned_alerts,"
            + "planned_muted,other_muted");
    List<ScenarioScore> rows = new ArrayList<>(scores);
    rows.add(overall);
    for (ScenarioScore s : rows) {
      scenarioLines.add(
          String.join(
              ",",
              s.scenario(),
              String.valueOf(s.faults().size()),
              String.valueOf(s.faultsDetected()),
              String.valueOf(s.alerts()),
              String.valueOf(s.noiseAlerts()),
              String.valueOf(s.incidents()),
              String.valueOf(s.versions()),
              csv(s.compression()),
              csv(s.pairwisePrecision()),
              csv(s.pairwiseRecall()),
              csv(s.rootCauseTop1()),
              csv(s.rootCauseTop3()),
              csv(s.meanSecondsToIncident()),
              csv(s.maxSecondsToIncident()),
              String.valueOf(s.plannedAlerts()),
              String.valueOf(s.plannedMuted()),
              String.valueOf(s.otherMuted())));
    }
    Files.write(dir.resolve("scenarios.csv"), scenarioLines);
    List<String> faultLines = new ArrayList<>();
    faultLines.add(
        "scenario,fault,kind,root,planned,alerts,incidents,main_incident,top1,top3,"
            + "seconds_to_incident,muted_alerts,candidates");
    for (ScenarioScore s : scores) {
      for (FaultScore f : s.faults()) {
        faultLines.add(
            String.join(
                ",",
                s.scenario(),
                f.faultId(),
                f.kind(),
                f.rootService(),
                String.valueOf(f.planned()),
                String.valueOf(f.alerts()),
                String.valueOf(f.incidents()),
                f.mainIncident() == null ? "" : f.mainIncident(),
                String.valueOf(f.top1()),
                String.valueOf(f.top3()),
                f.secondsToIncident() == null ? "" : String.valueOf(f.secondsToIncident()),
                String.valueOf(f.mutedAlerts()),
                String.join(" ", f.rootCauses())));
      }
    }
    Files.write(dir.resolve("faults.csv"), faultLines);
  }

  private static ObjectNode toJson(ObjectMapper json, ScenarioScore score) {
    ObjectNode node = json.createObjectNode();
    node.put("scenario", score.scenario());
    node.put("alerts", score.alerts());
    node.put("noiseAlerts", score.noiseAlerts());
    node.put("incidents", score.incidents());
    node.put("versions", score.versions());
    node.put("faults", score.faults().size());
    node.put("faultsDetected", score.faultsDetected());
    put(node, "compression", score.compression());
    put(node, "pairwisePrecision", score.pairwisePrecision());
    put(node, "pairwiseRecall", score.pairwiseRecall());
    node.put("pairsTogetherRight", score.pairsTogetherRight());
    node.put("pairsTogetherWrong", score.pairsTogetherWrong());
    node.put("pairsApartWrong", score.pairsApartWrong());
    put(node, "rootCauseTop1", score.rootCauseTop1());
    put(node, "rootCauseTop3", score.rootCauseTop3());
    put(node, "meanSecondsToIncident", score.meanSecondsToIncident());
    put(node, "maxSecondsToIncident", score.maxSecondsToIncident());
    node.put("plannedAlerts", score.plannedAlerts());
    node.put("plannedMuted", score.plannedMuted());
    node.put("otherMuted", score.otherMuted());
    node.set("perFault", json.valueToTree(score.faults()));
    return node;
  }

  private static void put(ObjectNode node, String field, OptionalDouble value) {
    if (value.isPresent()) {
      node.put(field, Math.round(value.getAsDouble() * 10_000) / 10_000.0);
    } else {
      node.putNull(field);
    }
  }

  private static String csv(OptionalDouble value) {
    return value.isPresent() ? String.format("%.4f", value.getAsDouble()) : "";
  }

  private static String percent(OptionalDouble value) {
    return value.isPresent() ? String.format("%.1f %%", 100 * value.getAsDouble()) : "-";
  }

  private static String decimal(OptionalDouble value) {
    return value.isPresent() ? String.format("%.3f", value.getAsDouble()) : "-";
  }

  private static String seconds(OptionalDouble value) {
    return value.isPresent() ? String.format("%.0f", value.getAsDouble()) : "-";
  }
}
