/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.eval;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A fault injected into a scenario, as the evaluation needs it: which services felt it and when.
 * Built from the simulator's ground truth by the caller (correlate does not depend on the
 * simulator).
 *
 * @param id the fault's id, unique in its scenario
 * @param kind the fault kind (slowdown, partition, ...)
 * @param rootService the service where it started
 * @param start when it started at the root (epoch ms)
 * @param end when it ended at the root (epoch ms)
 * @param planned planned work (a maintenance window): alerts on it are expected and muting them is
 *     right
 * @param impacts the affected services, each with its distance from the root and when it felt the
 *     fault
 */
public record FaultTruth(
    String id,
    String kind,
    String rootService,
    long start,
    long end,
    boolean planned,
    Map<String, Impact> impacts) {

  /** When one service felt the fault, and how many calls away from the root it is. */
  public record Impact(int hops, long start, long end) {}

  public FaultTruth {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rootService, "rootService");
    impacts = Map.copyOf(impacts);
  }

  /**
   * The services a root-cause candidate may name to be right: the root and every other service at
   * zero hops (a partition's callees all sit at the cut).
   */
  public Set<String> rootServices() {
    Set<String> roots =
        impacts.entrySet().stream()
            .filter(e -> e.getValue().hops() == 0)
            .map(Map.Entry::getKey)
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    roots.add(rootService);
    return roots;
  }

  @Override
  public String toString() {
    return id + " " + kind + "@" + rootService + " " + new TreeMap<>(impacts).keySet();
  }
}
