/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.topic.RecordKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link Topology} in a map keyed like quell.topology ({@code caller->callee}). */
public final class InMemoryTopology implements Topology {

  /** What separates caller and callee in a key of quell.topology. */
  private static final String SEPARATOR = "->";

  private final Map<String, TopologyEdge> edges = new HashMap<>();

  /** Keys of the edges by the service at either end. */
  private final Map<String, java.util.Set<String>> keysByService = new HashMap<>();

  /**
   * The edges by caller and callee, for {@link #edge} without building a key: holds every edge
   * while each is stored under its own key ({@code caller->callee}) and no service name contains
   * the separator, so that a key names exactly one caller and callee; {@code null} otherwise, and
   * {@link #edge} then looks the key up.
   */
  private Map<String, Map<String, TopologyEdge>> byCaller = new HashMap<>();

  /** Adds or replaces an edge. */
  public InMemoryTopology put(TopologyEdge edge) {
    return apply(RecordKeys.topologyEdge(edge), edge);
  }

  /** Adds {@code caller -> callee} of the given kind. */
  public InMemoryTopology put(String caller, String callee, EdgeKind kind) {
    return put(TopologyEdge.newBuilder().setCaller(caller).setCallee(callee).setKind(kind).build());
  }

  /** Applies a record of quell.topology: a null edge (tombstone) removes the key. */
  public InMemoryTopology apply(String key, TopologyEdge edgeOrNull) {
    TopologyEdge old = edgeOrNull == null ? edges.remove(key) : edges.put(key, edgeOrNull);
    if (old != null) {
      unindex(key, old.getCaller());
      unindex(key, old.getCallee());
      if (byCaller != null) {
        Map<String, TopologyEdge> callees = byCaller.get(old.getCaller());
        callees.remove(old.getCallee());
        if (callees.isEmpty()) {
          byCaller.remove(old.getCaller());
        }
      }
    }
    if (edgeOrNull != null && byCaller != null) {
      if (key.equals(RecordKeys.topologyEdge(edgeOrNull))
          && !edgeOrNull.getCaller().contains(SEPARATOR)
          && !edgeOrNull.getCallee().contains(SEPARATOR)) {
        byCaller
            .computeIfAbsent(edgeOrNull.getCaller(), k -> new HashMap<>())
            .put(edgeOrNull.getCallee(), edgeOrNull);
      } else {
        byCaller = null;
      }
    }
    if (edgeOrNull != null) {
      keysByService
          .computeIfAbsent(edgeOrNull.getCaller(), k -> new java.util.TreeSet<>())
          .add(key);
      keysByService
          .computeIfAbsent(edgeOrNull.getCallee(), k -> new java.util.TreeSet<>())
          .add(key);
    }
    return this;
  }

  private void unindex(String key, String service) {
    java.util.Set<String> keys = keysByService.get(service);
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      keysByService.remove(service);
    }
  }

  public int size() {
    return edges.size();
  }

  @Override
  public List<TopologyEdge> edgesOf(String service) {
    List<TopologyEdge> found = new ArrayList<>();
    for (String key : keysByService.getOrDefault(service, java.util.Set.of())) {
      found.add(edges.get(key));
    }
    return found;
  }

  @Override
  public Optional<TopologyEdge> edge(String caller, String callee) {
    if (byCaller != null) {
      Objects.requireNonNull(callee, "callee");
      Map<String, TopologyEdge> callees = byCaller.get(Objects.requireNonNull(caller, "caller"));
      return callees == null ? Optional.empty() : Optional.ofNullable(callees.get(callee));
    }
    return Optional.ofNullable(edges.get(RecordKeys.topologyEdge(caller, callee)));
  }
}
