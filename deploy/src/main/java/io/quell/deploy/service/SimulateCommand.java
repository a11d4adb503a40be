/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.deploy.config.ConfigMixin;
import io.quell.ingest.simulator.EventSink;
import io.quell.ingest.simulator.GroundTruth;
import io.quell.ingest.simulator.HttpEventSink;
import io.quell.ingest.simulator.KafkaEventSink;
import io.quell.ingest.simulator.Scenario;
import io.quell.ingest.simulator.SimulationSummary;
import io.quell.ingest.simulator.Simulator;
import io.quell.ingest.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quell simulate}: play a fault scenario into Kafka, with its ground truth. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Play a simulated service topology with an injected fault into Quell.",
      "Metrics and logs go to Kafka directly or through the intake (--intake URL); the topology goes",
      "to quell.topology and the ground truth of every fault to quell.ground-truth (and --ground-truth FILE).",
      "Scenario settings: quell.ingest.simulator.* (see docs/configuration.md)."
    })
public final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigMixin config;

  @Option(
      names = "--seed",
      description = "Seed of the topology and the noise (same seed, same events).")
  Long seed;

  @Option(
      names = "--speed",
      description = "Simulated seconds per wall second; 0 = as fast as possible.")
  Double speed;

  @Option(
      names = "--intake",
      paramLabel = "URL",
      description =
          "Send logs and metrics through the HTTP intake at URL instead of straight to Kafka.")
  URI intake;

  @Option(
      names = "--ground-truth",
      paramLabel = "FILE",
      description = "Also write the ground truth (JSON) to FILE.")
  java.nio.file.Path groundTruthFile;

  @Override
  public Integer call() throws Exception {
    Map<String, String> settings = config.load();
    if (seed != null) {
      settings.put("quell.ingest.simulator.seed", seed.toString());
    }
    if (speed != null) {
      settings.put("quell.ingest.simulator.speed", speed.toString());
    }
    Scenario scenario = Scenario.fromConfig(settings);
    SimulatorOptions options = SimulatorOptions.fromConfig(settings);
    if (groundTruthFile != null) {
      options = options.withGroundTruthFile(groundTruthFile);
    }
    Simulator simulator = new Simulator(scenario, options);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Simulating %s: %d services, %d steps of %ds, %s to %s%n",
        scenario.name(),
        scenario.topology().services().size(),
        scenario.steps(),
        scenario.step().toSeconds(),
        simulator.start(),
        simulator.end());
    for (GroundTruth truth : simulator.groundTruth()) {
      out.printf(
          "  fault %s: %s at %s, %s to %s, reaches %s%n",
          truth.id(),
          truth.kind(),
          truth.rootService(),
          truth.start(),
          truth.end(),
          truth.affectedServices());
    }
    out.flush();
    EventSink kafka = new KafkaEventSink(settings);
    try (EventSink sink = intake == null ? kafka : new HttpEventSink(intake, kafka)) {
      SimulationSummary summary =
          simulator.run(
              sink,
              p -> {
                if (p.step() % 6 == 0 || p.step() == p.steps()) {
                  out.printf(
                      "  step %d/%d  simulated %s  events %d%s%n",
                      p.step(),
                      p.steps(),
                      p.simulatedTime(),
                      p.events(),
                      p.activeFaults().isEmpty() ? "" : "  faults " + p.activeFaults());
                  out.flush();
                }
              });
      out.printf(
          "Done: %d logs, %d metric points, %d topology edges in %.1f s%n",
          summary.logs(),
          summary.metrics(),
          summary.edges(),
          summary.wallTime().toMillis() / 1000.0);
    }
    return 0;
  }
}
