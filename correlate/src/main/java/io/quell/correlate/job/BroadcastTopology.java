/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.correlate.core.Topology;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.topic.RecordKeys;
import java.util.Optional;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/** The correlator's {@link Topology} on the broadcast state fed from quell.topology. */
final class BroadcastTopology implements Topology {

  private final ReadOnlyBroadcastState<String, TopologyEdge> edges;

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
}
