/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.TopologyEdge;
import java.util.List;
import java.util.Optional;

/**
 * The service dependencies known right now: who calls whom. The Flink job backs it with broadcast
 * state fed from quell.topology; tests and offline evaluation use {@link InMemoryTopology}.
 */
@FunctionalInterface
public interface Topology {

  /** The edge {@code caller -> callee}, if known. */
  Optional<TopologyEdge> edge(String caller, String callee);

  /**
   * Every edge that has {@code service} at one end (as caller or callee), for walks over more than
   * one edge. The default knows none: a topology that only answers {@link #edge} relates direct
   * neighbours only.
   */
  default List<TopologyEdge> edgesOf(String service) {
    return List.of();
  }

  /** A topology without edges. */
  static Topology none() {
    return (caller, callee) -> Optional.empty();
  }
}
