/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.topic.RecordKeys;
import java.util.Objects;

/**
 * One record of quell.topology: an edge to add or replace under its key, or the removal of the key
 * (a tombstone). The schemas' generic decoder drops tombstones, hence this type of its own.
 *
 * @param key the record key, {@code caller->callee}
 * @param edge the edge, or null to remove the key
 */
public record TopologyUpdate(String key, TopologyEdge edge) {

  public TopologyUpdate {
    Objects.requireNonNull(key, "key");
  }

  /** Adds or replaces {@code edge} under its own key. */
  public static TopologyUpdate upsert(TopologyEdge edge) {
    return new TopologyUpdate(RecordKeys.topologyEdge(edge), edge);
  }

  /** Removes the edge {@code caller->callee}. */
  public static TopologyUpdate removal(String caller, String callee) {
    return new TopologyUpdate(RecordKeys.topologyEdge(caller, callee), null);
  }

  public boolean isRemoval() {
    return edge == null;
  }
}
