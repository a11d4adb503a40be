/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import io.quell.ingest.simulator.FaultKinds;
import io.quell.ingest.simulator.FaultSpec;
import io.quell.ingest.simulator.Scenario;
import io.quell.ingest.simulator.Topology;
import io.quell.ingest.simulator.TopologyGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulator scenarios {@code quell eval correlate} plays, by name: each fault kind alone on a
 * generated 30-service shop (20 minutes, the fault from minute 6 to 11), the storm of six
 * overlapping faults ({@code overlapping}, 30 minutes) and the 12-service demo.
 */
public final class CorrelateScenarios {
  private CorrelateScenarios() {}

  /** Services of the generated topology. */
  public static final int SERVICES = 30;

  /** Length of a single-fault scenario: room for the fault, its echo and the resolution. */
  public static final Duration SINGLE_LENGTH = Duration.ofMinutes(20);

  public static final Duration FAULT_START = Duration.ofMinutes(6);
  public static final Duration FAULT_DURATION = Duration.ofMinutes(5);

  /** Every name, in the order the default run plays them. */
  public static List<String> names() {
    List<String> names = new ArrayList<>(FaultKinds.ids());
    names.add("overlapping");
    names.add("demo");
    return names;
  }

  /**
   * The scenario called {@code name} for {@code seed}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Scenario named(String name, long seed) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    if (key.equals("demo")) {
      return Scenario.demo(seed);
    }
    Topology topology = TopologyGenerator.layered(SERVICES, seed);
    if (key.equals("overlapping")) {
      return Scenario.storm(seed, topology, Scenario.STORM_LENGTH, Scenario.DEFAULT_STEP);
    }
    if (!FaultKinds.ids().contains(key)) {
      throw new IllegalArgumentException(
          "Unknown scenario '" + name + "'; scenarios are " + names());
    }
    return new Scenario(
        key,
        seed,
        topology,
        List.of(FaultSpec.parse(key + ":", "fault-1", topology, FAULT_START, FAULT_DURATION)),
        SINGLE_LENGTH,
        Scenario.DEFAULT_STEP);
  }
}
