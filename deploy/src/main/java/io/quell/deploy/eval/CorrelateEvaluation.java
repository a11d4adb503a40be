/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import io.quell.correlate.CorrelateOptions;
import io.quell.correlate.core.InMemoryTopology;
import io.quell.correlate.eval.CorrelationScorer;
import io.quell.correlate.eval.FaultAttribution;
import io.quell.correlate.eval.FaultTruth;
import io.quell.correlate.eval.OfflineCorrelation;
import io.quell.correlate.eval.ScenarioScore;
import io.quell.detect.DetectOptions;
import io.quell.detect.job.DetectJob;
import io.quell.ingest.simulator.GroundTruth;
import io.quell.ingest.simulator.Scenario;
import io.quell.ingest.simulator.Simulator;
import io.quell.ingest.simulator.SimulatorOptions;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.MatchOperator;
import io.quell.schemas.avro.Matcher;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.SilenceKind;
import io.quell.schemas.avro.TopologyEdge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays a simulator scenario through detection and correlation, offline and deterministically, and
 * scores the incidents against the scenario's ground truth. Detection runs the same monitors the
 * detect job builds from its options ({@link DetectJob#metricMonitor}, {@link
 * DetectJob#serviceMonitor}) through their replays; correlation runs the correlator core through
 * {@link OfflineCorrelation}. Planned work (maintenance) is announced as a maintenance window on
 * its root service, from a minute before to five minutes after it, as an operator would.
 */
public final class CorrelateEvaluation {

  /** Where every play starts, so that runs are comparable (the traffic follows the time of day). */
  public static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private final DetectOptions detect;
  private final CorrelateOptions correlate;

  public CorrelateEvaluation(DetectOptions detect, CorrelateOptions correlate) {
    this.detect = detect;
    this.correlate = correlate;
  }

  /**
   * What one scenario gave.
   *
   * @param alerts the alert records detection produced (firing and resolved)
   * @param play what the correlator made of them
   */
  public record Outcome(
      Scenario scenario,
      List<FaultTruth> faults,
      List<Alert> alerts,
      List<TopologyEdge> edges,
      OfflineCorrelation.Result play,
      ScenarioScore score) {}

  /** Plays and scores {@code scenario}, reported under {@code name}. */
  public Outcome evaluate(String name, Scenario scenario) throws InterruptedException {
    // Calm history first, as the demo plays it: the default detector learns for a few hundred
    // points before it judges a series.
    Simulator simulator =
        new Simulator(
            scenario, new SimulatorOptions(0, START, null).withWarmUp(Scenario.DEMO_WARM_UP));
    SimulatedEvents events = new SimulatedEvents();
    simulator.run(events, progress -> {});
    List<GroundTruth> truths = simulator.groundTruth();
    List<FaultTruth> faults = truths.stream().map(CorrelateEvaluation::faultTruth).toList();

    List<Alert> alerts = events.detect(detect);
    InMemoryTopology topology = new InMemoryTopology();
    events.edges().forEach(topology::put);
    List<Silence> windows = new ArrayList<>();
    for (GroundTruth truth : truths) {
      if (truth.planned()) {
        windows.add(maintenanceWindow(truth));
      }
    }
    FaultAttribution attribution =
        new FaultAttribution(
            faults, FaultAttribution.DEFAULT_LEAD, FaultAttribution.DEFAULT_RECOVERY);
    OfflineCorrelation.Result play =
        new OfflineCorrelation(correlate, topology, windows)
            .play(
                alerts,
                (service, startsAt) ->
                    attribution.causeOf(service, startsAt).map(FaultTruth::id).orElse(null));
    ScenarioScore score =
        CorrelationScorer.score(
            name, faults, play.alerts(), play.rootCauses(), play.versions().size());
    return new Outcome(scenario, faults, alerts, events.edges(), play, score);
  }

  /** The maintenance window an operator announces for planned work on the root service. */
  static Silence maintenanceWindow(GroundTruth truth) {
    return Silence.newBuilder()
        .setId("maintenance/" + truth.id())
        .setKind(SilenceKind.MAINTENANCE)
        .setMatchers(
            List.of(
                Matcher.newBuilder()
                    .setName("service")
                    .setValue(truth.rootService())
                    .setOperator(MatchOperator.EQUAL)
                    .build()))
        .setStartsAt(truth.start().minus(Duration.ofMinutes(1)))
        .setEndsAt(truth.end().plus(Duration.ofMinutes(5)))
        .setComment(truth.description())
        .setCreatedBy("quell eval correlate")
        .build();
  }

  static FaultTruth faultTruth(GroundTruth truth) {
    Map<String, FaultTruth.Impact> impacts = new HashMap<>();
    for (GroundTruth.AffectedService impact : truth.impacts()) {
      impacts.put(
          impact.service(),
          new FaultTruth.Impact(
              impact.hops(), impact.start().toEpochMilli(), impact.end().toEpochMilli()));
    }
    return new FaultTruth(
        truth.id(),
        truth.kind(),
        truth.rootService(),
        truth.start().toEpochMilli(),
        truth.end().toEpochMilli(),
        truth.planned(),
        impacts);
  }
}
