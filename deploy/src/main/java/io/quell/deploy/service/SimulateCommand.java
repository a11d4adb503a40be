/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.deploy.config.ConfigMixin;
import io.quell.ingest.IngestOptions;
import io.quell.ingest.simulator.EventSink;
import io.quell.ingest.simulator.FaultSpec;
import io.quell.ingest.simulator.GroundTruth;
import io.quell.ingest.simulator.HttpEventSink;
import io.quell.ingest.simulator.KafkaEventSink;
import io.quell.ingest.simulator.Scenario;
import io.quell.ingest.simulator.SimulationSummary;
import io.quell.ingest.simulator.Simulator;
import io.quell.ingest.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
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
      "Play a simulated service topology with injected faults into Quell.",
      "Metrics and logs go to Kafka directly or through the intake (--intake URL); the topology goes",
      "to quell.topology and the ground truth of every fault to quell.ground-truth (and --ground-truth FILE).",
      "Fault kinds: slowdown, error-burst, memory-leak, bad-deploy, partition, flapping-check, maintenance.",
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
      names = "--events-per-second",
      paramLabel = "N",
      description =
          "Pace by events instead of simulated time: N log lines and metric points per wall"
              + " second (for benchmarks; --speed is then ignored).")
  Integer eventsPerSecond;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description =
          "single (one fault from quell.ingest.simulator.fault.*), demo (the 12-service demo),"
              + " storm (six overlapping faults of different kinds) or calm (no fault).")
  String scenario;

  @Option(
      names = "--fault",
      paramLabel = "KIND:TARGET:START:DURATION",
      description =
          "A fault, repeatable; replaces the scenario's faults. E.g. slowdown:orders-db:6m:5m,"
              + " memory-leak::2m:12m (empty target: the kind's default),"
              + " partition:api/database:10m:2m.")
  List<String> faults;

  @Option(
      names = "--services",
      paramLabel = "N",
      description = "Services of the generated topology (default 30, at least 6).")
  Integer services;

  @Option(
      names = "--topology",
      paramLabel = "FILE",
      description = "Read the topology from a YAML file instead of generating it.")
  java.nio.file.Path topologyFile;

  @Option(
      names = "--length",
      paramLabel = "DURATION",
      description = "Simulated time to play, e.g. 15m, 2h, 90s.")
  String length;

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
      settings.put(IngestOptions.SIMULATOR_SEED.key(), seed.toString());
    }
    if (speed != null) {
      settings.put(IngestOptions.SIMULATOR_SPEED.key(), speed.toString());
    }
    if (eventsPerSecond != null) {
      settings.put(IngestOptions.SIMULATOR_EVENTS_PER_SECOND.key(), eventsPerSecond.toString());
    }
    if (scenario != null) {
      settings.put(IngestOptions.SIMULATOR_SCENARIO.key(), scenario);
    }
    if (faults != null && !faults.isEmpty()) {
      settings.put(IngestOptions.SIMULATOR_FAULTS.key(), String.join(",", faults));
    }
    if (services != null) {
      settings.put(IngestOptions.SIMULATOR_SERVICES.key(), services.toString());
    }
    if (topologyFile != null) {
      settings.put(IngestOptions.SIMULATOR_TOPOLOGY_FILE.key(), topologyFile.toString());
    }
    if (length != null) {
      settings.put(
          IngestOptions.SIMULATOR_LENGTH.key(),
          Long.toString(FaultSpec.duration(length, "length").toMillis()));
    }
    Scenario played;
    SimulatorOptions options;
    try {
      played = Scenario.fromConfig(settings);
      options = SimulatorOptions.fromConfig(settings);
    } catch (IllegalArgumentException e) {
      // A bad fault, topology file or setting: say what is wrong, without a stack trace.
      spec.commandLine().getErr().println("quell simulate: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    if (groundTruthFile != null) {
      options = options.withGroundTruthFile(groundTruthFile);
    }
    Simulator simulator = new Simulator(played, options);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Simulating %s: %d services, %d steps of %ds, %s to %s, %s%n",
        played.name(),
        played.topology().services().size(),
        played.steps(),
        played.step().toSeconds(),
        simulator.start(),
        simulator.end(),
        options.pacedByEvents()
            ? String.format("%.0f events/s", options.eventsPerSecond())
            : options.speed() == 0 ? "as fast as possible" : "speed " + options.speed());
    for (GroundTruth truth : simulator.groundTruth()) {
      out.printf(
          "  fault %s: %s%s at %s, %s to %s, reaches %s%n",
          truth.id(),
          truth.kind(),
          truth.planned() ? " (planned)" : "",
          truth.rootService(),
          truth.start(),
          truth.end(),
          truth.affectedServices());
    }
    out.flush();
    EventSink kafka = new KafkaEventSink(settings);
    try (EventSink sink = intake == null ? kafka : new HttpEventSink(intake, kafka)) {
      long[] lastPrint = {0};
      SimulationSummary summary =
          simulator.run(
              sink,
              p -> {
                // About once a second of wall time, and at the end.
                long second = p.wallTime().toSeconds();
                if (second > lastPrint[0] || p.step() == p.steps()) {
                  lastPrint[0] = second;
                  out.printf(
                      "  step %d/%d  simulated %s  events %d (%.0f/s)%s%n",
                      p.step(),
                      p.steps(),
                      p.simulatedTime(),
                      p.events(),
                      p.eventsPerSecond(),
                      p.activeFaults().isEmpty() ? "" : "  faults " + p.activeFaults());
                  out.flush();
                }
              });
      long events = summary.logs() + summary.metrics();
      double seconds = Math.max(summary.wallTime().toNanos(), 1) / 1e9;
      out.printf(
          "Done: %d logs, %d metric points, %d topology edges in %.1f s (%.0f events/s)%n",
          summary.logs(), summary.metrics(), summary.edges(), seconds, events / seconds);
    }
    return 0;
  }
}
