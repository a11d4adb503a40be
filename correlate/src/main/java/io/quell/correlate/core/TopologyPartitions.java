/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.TopologyEdge;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits alerts into partitions that can be correlated independently: no grouping rule relates two
 * alerts of different partitions, as long as the topology does not change between them.
 *
 * <ul>
 *   <li>An alert with a service goes to the weakly connected component of that service in the
 *       topology (edges in either direction), named by its smallest service name: {@code
 *       component:<name>}. Same service and topology paths of any length stay within a component.
 *   <li>An alert without a service goes to {@code serviceless:<grouping key>} (its name and the
 *       grouping labels, see {@link GroupKeys}): shared-label grouping only relates alerts with the
 *       same key.
 * </ul>
 *
 * <p>What it does not keep together: alerts of different components that carry the same log
 * template (the template rule relates them in a single partition only), and alerts on both sides of
 * an edge that appears after they were routed (see the module README, "Keying and parallelism").
 */
public final class TopologyPartitions {

  /** At most this many services are visited to name a component (beyond, the walk stops). */
  static final int MAX_COMPONENT_WALK = 100_000;

  private TopologyPartitions() {}

  /** The partition of {@code alert} in {@code topology}. */
  public static String of(Alert alert, Topology topology, List<String> servicelessGroupLabels) {
    String service = alert.getService();
    if (service == null) {
      String key = GroupKeys.of(alert, servicelessGroupLabels);
      return "serviceless:" + (key == null ? alert.getName() : key.replace('\u0000', ','));
    }
    return "component:" + componentName(service, topology);
  }

  /** The smallest service name in the weakly connected component of {@code service}. */
  static String componentName(String service, Topology topology) {
    String smallest = service;
    Set<String> seen = new HashSet<>(Set.of(service));
    Deque<String> queue = new ArrayDeque<>(List.of(service));
    while (!queue.isEmpty() && seen.size() < MAX_COMPONENT_WALK) {
      String at = queue.poll();
      for (TopologyEdge edge : topology.edgesOf(at)) {
        for (String next : List.of(edge.getCaller(), edge.getCallee())) {
          if (seen.add(next)) {
            queue.add(next);
            if (next.compareTo(smallest) < 0) {
              smallest = next;
            }
          }
        }
      }
    }
    return smallest;
  }
}
