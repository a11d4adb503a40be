/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a kind of fault does. A new kind (CPU saturation, a memory leak, a network partition, a
 * flapping health check) implements this interface: which services it reaches ({@link #reach}), how
 * its strength evolves ({@link #profile}), and what it does to a service it reaches ({@link
 * #apply}). The simulator does the rest: timing, attenuation, ground truth, events.
 */
public interface FaultKind {

  /** Short stable id, used in configuration and ground truth, e.g. {@code slowdown}. */
  String id();

  /** One sentence for people, for the ground truth. */
  String describe(String root);

  /**
   * The services the fault reaches, with their distance in calls from the root (root = 0). By
   * default the root and every service that depends on it, directly or transitively: trouble flows
   * from callee to caller.
   */
  default Map<String, Integer> reach(Topology topology, String root) {
    Map<String, Integer> reach = new LinkedHashMap<>();
    reach.put(root, 0);
    reach.putAll(topology.transitiveCallers(root));
    return reach;
  }

  /**
   * Strength of the fault at a service ({@code 0} to {@code 1}), {@code sinceOnset} after it
   * reached that service, for a fault lasting {@code length}. By default fully on at once; a memory
   * leak would ramp up, a flapping check alternate.
   */
  default double profile(Duration sinceOnset, Duration length) {
    return 1;
  }

  /**
   * Where the fault starts when the scenario does not say: by default the database with the most
   * services depending on it ({@link Scenario#defaultRoot}).
   *
   * @throws IllegalArgumentException when the topology has no place for this kind
   */
  default String defaultRoot(Topology topology) {
    return Scenario.defaultRoot(topology);
  }

  /** Whether the fault is planned work (a maintenance window) rather than a failure. */
  default boolean planned() {
    return false;
  }

  /**
   * Changes the conditions of a service hit with {@code impact}. Random choices must come from
   * {@code random}, so that a seed reproduces the run.
   */
  void apply(Impact impact, ServiceConditions conditions, SplittableRandom random);
}
