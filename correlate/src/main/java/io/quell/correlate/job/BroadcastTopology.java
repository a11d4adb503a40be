/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.correlate.core.Topology;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.topic.RecordKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/** The correlator's {@link Topology} on the broadcast state fed from quell.topology. */
final class BroadcastTopology implements Topology {

  private final ReadOnlyBroadcastState<String, TopologyEdge> edges;

  /** Edges by service at either end, built on first use (one instance serves one timer call). */
  private Map<String, List<TopologyEdge>> byService;

  BroadcastTopology(ReadOnlyBroadcastState<String, TopologyEdge> edges) {
    this.edges = edges;
  }

  @Override
  public Optional<TopologyEdge> edge(String caller, String callee) {
    try {
      return Optional.ofNullable(edges.get(RecordKeys.topologyEdge(caller, callee)));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read the topology state", e);
    }
  }

  @Override
  public List<TopologyEdge> edgesOf(String service) {
    if (byService == null) {
      Map<String, List<TopologyEdge>> index = new HashMap<>();
      try {
        for (Map.Entry<String, TopologyEdge> entry : edges.immutableEntries()) {
          TopologyEdge edge = entry.getValue();
          index.computeIfAbsent(edge.getCaller(), k -> new ArrayList<>()).add(edge);
          index.computeIfAbsent(edge.getCallee(), k -> new ArrayList<>()).add(edge);
        }
      } catch (Exception e) {
        throw new IllegalStateException("Cannot read the topology state", e);
      }
      byService = index;
    }
    return byService.getOrDefault(service, List.of());
  }
}
