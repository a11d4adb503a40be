/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.topic.RecordKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link Topology} in a map keyed like quell.topology ({@code caller->callee}). */
public final class InMemoryTopology implements Topology {

  private final Map<String, TopologyEdge> edges = new HashMap<>();

  /** Adds or replaces an edge. */
  public InMemoryTopology put(TopologyEdge edge) {
    edges.put(RecordKeys.topologyEdge(edge), edge);
    return this;
  }

  /** Adds {@code caller -> callee} of the given kind. */
  public InMemoryTopology put(String caller, String callee, EdgeKind kind) {
    return put(TopologyEdge.newBuilder().setCaller(caller).setCallee(callee).setKind(kind).build());
  }

  /** Applies a record of quell.topology: a null edge (tombstone) removes the key. */
  public InMemoryTopology apply(String key, TopologyEdge edgeOrNull) {
    if (edgeOrNull == null) {
      edges.remove(key);
    } else {
      edges.put(key, edgeOrNull);
    }
    return this;
  }

  public int size() {
    return edges.size();
  }

  @Override
  public Optional<TopologyEdge> edge(String caller, String callee) {
    return Optional.ofNullable(edges.get(RecordKeys.topologyEdge(caller, callee)));
  }
}
