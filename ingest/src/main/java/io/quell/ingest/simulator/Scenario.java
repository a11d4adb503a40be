/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.ingest.IngestOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to simulate: a topology, the faults to inject and how long, in steps of simulated time.
 * Times of faults are offsets from the start of the scenario; the absolute start is chosen when it
 * is played (see {@link SimulatorOptions}). Immutable.
 */
public final class Scenario {

  /** Simulated time between two samples of a series in the demo. */
  public static final Duration DEFAULT_STEP = Duration.ofSeconds(10);

  /** Length of the demo scenario. */
  public static final Duration DEMO_LENGTH = Duration.ofMinutes(15);

  /** Services in the demo topology. */
  public static final int DEMO_SERVICES = 12;

  /**
   * Calm history the demo plays (fast) before its 15 minutes: the default metric detector (the
   * anomaly scorer) judges a series only after about 170 points and decides on seasonality after
   * 600, so the demo's 90 points would not be enough. Two hours in 10 s steps are 720 points.
   */
  public static final Duration DEMO_WARM_UP = Duration.ofHours(2);

  /** Speed at which the demo plays in 30 s of wall time. */
  public static final double DEMO_SPEED = 30;

  private final String name;
  private final long seed;
  private final Topology topology;
  private final List<Fault> faults;
  private final Duration length;
  private final Duration step;

  /**
   * @throws IllegalArgumentException when a fault names an unknown service or starts after the end,
   *     two faults share an id, or the step does not fit the length
   */
  public Scenario(
      String name,
      long seed,
      Topology topology,
      List<Fault> faults,
      Duration length,
      Duration step) {
    this.name = Objects.requireNonNull(name, "name");
    this.seed = seed;
    this.topology = Objects.requireNonNull(topology, "topology");
    this.faults = List.copyOf(faults);
    this.length = Objects.requireNonNull(length, "length");
    this.step = Objects.requireNonNull(step, "step");
    if (step.toMillis() < 1) {
      throw new IllegalArgumentException("The step must be at least 1 ms, not " + step);
    }
    if (length.compareTo(step) < 0) {
      throw new IllegalArgumentException(
          "The scenario (" + length + ") must last at least one step (" + step + ")");
    }
    Set<String> ids = new HashSet<>();
    for (Fault fault : this.faults) {
      if (!ids.add(fault.id())) {
        throw new IllegalArgumentException("Two faults have the id " + fault.id());
      }
      if (!topology.contains(fault.root())) {
        throw new IllegalArgumentException(
            "Fault "
                + fault.id()
                + " starts at unknown service '"
                + fault.root()
                + "'; services are "
                + topology.services().stream().map(Service::name).toList());
      }
      if (fault.startOffset().compareTo(length) >= 0) {
        throw new IllegalArgumentException(
            "Fault " + fault.id() + " starts at " + fault.startOffset() + ", after the end");
      }
    }
  }

  /**
   * The demo: the generated topology of {@value #DEMO_SERVICES} services for {@code seed}, 15
   * simulated minutes in 10 s steps, and a slowdown of the database with the most dependents from
   * minute 6 to minute 11, spreading to every service that depends on it.
   */
  public static Scenario demo(long seed) {
    Topology topology = TopologyGenerator.layered(DEMO_SERVICES, seed);
    Fault fault =
        new Fault(
            "fault-1",
            FaultKinds.SLOWDOWN,
            defaultRoot(topology),
            Duration.ofMinutes(6),
            Duration.ofMinutes(5),
            Propagation.DEFAULT);
    return new Scenario("demo", seed, topology, List.of(fault), DEMO_LENGTH, DEFAULT_STEP);
  }

  /** The scenarios {@link #fromConfig} knows by name. */
  public static final List<String> NAMES = List.of("single", "demo", "storm", "calm");

  /** Length of the storm when no length is set. */
  public static final Duration STORM_LENGTH = Duration.ofMinutes(30);

  /**
   * The scenario described by the {@code quell.ingest.simulator.*} settings (see {@link
   * IngestOptions}):
   *
   * <ul>
   *   <li>{@code single} (the default): the topology file or a generated topology, the length and
   *       step, and one fault as the {@code fault.*} settings say (or none);
   *   <li>{@code demo}: {@link #demo} for the seed, whatever the other settings say;
   *   <li>{@code storm}: {@link #storm} on the configured topology, 30 minutes unless a length is
   *       set;
   *   <li>{@code calm}: the configured topology without faults.
   * </ul>
   *
   * When {@code quell.ingest.simulator.faults} is set, its faults (see {@link FaultSpec}) replace
   * those of the scenario.
   *
   * @throws IOException when the topology file cannot be read
   * @throws IllegalArgumentException for an invalid setting or topology
   */
  public static Scenario fromConfig(Map<String, ?> config) throws IOException {
    long seed = IngestOptions.SIMULATOR_SEED.read(config);
    String name = IngestOptions.SIMULATOR_SCENARIO.read(config).strip().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "Setting '"
              + IngestOptions.SIMULATOR_SCENARIO.key()
              + "' must be one of "
              + NAMES
              + " but is '"
              + name
              + "'");
    }
    Duration faultStart = IngestOptions.SIMULATOR_FAULT_START.read(config);
    Duration faultDuration = IngestOptions.SIMULATOR_FAULT_DURATION.read(config);
    Scenario scenario;
    if (name.equals("demo")) {
      scenario = demo(seed);
    } else {
      String file = IngestOptions.SIMULATOR_TOPOLOGY_FILE.read(config);
      boolean fromFile = file != null && !file.isBlank();
      Topology topology =
          fromFile
              ? TopologyFile.load(Path.of(file.strip()))
              : TopologyGenerator.layered(IngestOptions.SIMULATOR_SERVICES.read(config), seed);
      String topologyName = fromFile ? Path.of(file.strip()).getFileName().toString() : "generated";
      Duration step = IngestOptions.SIMULATOR_STEP.read(config);
      Duration length = IngestOptions.SIMULATOR_LENGTH.read(config);
      if (name.equals("storm")) {
        scenario =
            storm(
                seed,
                topology,
                IngestOptions.SIMULATOR_LENGTH.isSetIn(config) ? length : STORM_LENGTH,
                step);
      } else {
        List<Fault> faults = new ArrayList<>();
        String kind = IngestOptions.SIMULATOR_FAULT_KIND.read(config).strip();
        if (name.equals("single") && !kind.equalsIgnoreCase("none") && !kind.isEmpty()) {
          String root = IngestOptions.SIMULATOR_FAULT_ROOT.read(config);
          faults.add(
              FaultSpec.parse(
                  kind + ":" + (root == null ? "" : root.strip()),
                  "fault-1",
                  topology,
                  faultStart,
                  faultDuration));
        }
        scenario =
            new Scenario(
                name.equals("calm") ? topologyName + "-calm" : topologyName,
                seed,
                topology,
                faults,
                length,
                step);
      }
    }
    String faults = IngestOptions.SIMULATOR_FAULTS.read(config);
    if (faults != null && !faults.isBlank()) {
      scenario =
          scenario.withFaults(
              FaultSpec.parseAll(faults, scenario.topology(), faultStart, faultDuration));
    }
    return scenario;
  }

  /**
   * Several faults of every kind but the error burst, overlapping in time, on {@code topology};
   * with {@code length} L: a memory leak at the busiest API from 0.10 L to 0.70 L, a flapping check
   * at a worker from 0.15 L to 0.45 L, a slowdown of the busiest database from 0.25 L to 0.45 L, a
   * bad deploy of the second busiest API from 0.40 L to 0.55 L, a partition between the API and the
   * database tier from 0.60 L to 0.68 L, and planned maintenance of the least used database from
   * 0.75 L to 0.85 L. Times are rounded to whole steps.
   *
   * @throws IllegalArgumentException when the topology has no API calling a database
   */
  public static Scenario storm(long seed, Topology topology, Duration length, Duration step) {
    String busiestApi =
        FaultKinds.firstOf(topology, FaultKinds.byDependents(topology, Tier.API, true));
    String secondApi =
        topology.services().stream()
            .filter(s -> s.tier() == Tier.API && !s.name().equals(busiestApi))
            .min(
                Comparator.comparingInt((Service s) -> -topology.transitiveCallers(s.name()).size())
                    .thenComparing(Service::name))
            .map(Service::name)
            .orElse(busiestApi);
    String slowDatabase = defaultRoot(topology);
    String quietDatabase = FaultKinds.MAINTENANCE.defaultRoot(topology);
    List<Fault> faults = new ArrayList<>();
    faults.add(at(faults, FaultKinds.MEMORY_LEAK, busiestApi, length, step, 0.10, 0.70));
    faults.add(
        at(
            faults,
            FaultKinds.FLAPPING_CHECK,
            FaultKinds.FLAPPING_CHECK.defaultRoot(topology),
            length,
            step,
            0.15,
            0.45));
    faults.add(at(faults, FaultKinds.SLOWDOWN, slowDatabase, length, step, 0.25, 0.45));
    faults.add(at(faults, FaultKinds.BAD_DEPLOY, secondApi, length, step, 0.40, 0.55));
    faults.add(
        at(
            faults,
            FaultKinds.PARTITION,
            FaultKinds.PARTITION.defaultRoot(topology),
            length,
            step,
            0.60,
            0.68));
    faults.add(at(faults, FaultKinds.MAINTENANCE, quietDatabase, length, step, 0.75, 0.85));
    return new Scenario("storm", seed, topology, faults, length, step);
  }

  private static Fault at(
      List<Fault> before,
      FaultKind kind,
      String root,
      Duration length,
      Duration step,
      double from,
      double to) {
    long stepMillis = step.toMillis();
    long start = Math.round(length.toMillis() * from / stepMillis) * stepMillis;
    long end =
        Math.max(start + stepMillis, Math.round(length.toMillis() * to / stepMillis) * stepMillis);
    return new Fault(
        "fault-" + (before.size() + 1),
        kind,
        root,
        Duration.ofMillis(start),
        Duration.ofMillis(end - start),
        Propagation.DEFAULT);
  }

  /**
   * Where a fault hurts most: the database with the most services depending on it, directly or
   * transitively (any service when there is no database); ties go to the first name.
   */
  public static String defaultRoot(Topology topology) {
    List<Service> candidates =
        topology.services().stream().filter(s -> s.tier() == Tier.DATABASE).toList();
    if (candidates.isEmpty()) {
      candidates = topology.services();
    }
    return candidates.stream()
        .min(
            Comparator.comparingInt((Service s) -> -topology.transitiveCallers(s.name()).size())
                .thenComparing(Service::name))
        .orElseThrow()
        .name();
  }

  /** The same scenario with other faults. */
  public Scenario withFaults(List<Fault> otherFaults) {
    return new Scenario(name, seed, topology, otherFaults, length, step);
  }

  /** The same scenario with another length. */
  public Scenario withLength(Duration otherLength) {
    return new Scenario(name, seed, topology, faults, otherLength, step);
  }

  public String name() {
    return name;
  }

  /** Seed of all random choices (noise, log lines); the topology's own seed for generated ones. */
  public long seed() {
    return seed;
  }

  public Topology topology() {
    return topology;
  }

  public List<Fault> faults() {
    return faults;
  }

  public Duration length() {
    return length;
  }

  public Duration step() {
    return step;
  }

  /** Number of steps played: the length divided by the step, rounded up. */
  public int steps() {
    long millis = length.toMillis();
    long stepMillis = step.toMillis();
    return (int) ((millis + stepMillis - 1) / stepMillis);
  }

  /** The ground truth of every fault, for a play starting at {@code start}. */
  public List<GroundTruth> groundTruth(Instant start) {
    List<GroundTruth> truths = new ArrayList<>();
    for (Fault fault : faults) {
      Map<String, Integer> reach = fault.kind().reach(topology, fault.root());
      List<GroundTruth.AffectedService> impacts = new ArrayList<>();
      reach.forEach(
          (service, hops) ->
              impacts.add(
                  new GroundTruth.AffectedService(
                      service,
                      hops,
                      start.plus(fault.onsetAt(hops)),
                      start.plus(fault.recoveryAt(hops)),
                      // Rounded so that the label reads 0.49 rather than 0.48999999999999994.
                      Math.round(fault.attenuationAt(hops) * 1e6) / 1e6)));
      truths.add(
          new GroundTruth(
              fault.id(),
              fault.kind().id(),
              fault.root(),
              List.copyOf(reach.keySet()),
              start.plus(fault.startOffset()),
              start.plus(fault.startOffset()).plus(fault.duration()),
              fault.kind().describe(fault.root()),
              impacts,
              fault.kind().planned()));
    }
    return truths;
  }

  @Override
  public String toString() {
    return "Scenario["
        + name
        + ", seed "
        + seed
        + ", "
        + topology
        + ", "
        + faults.size()
        + " faults, "
        + length
        + " in steps of "
        + step
        + "]";
  }
}
