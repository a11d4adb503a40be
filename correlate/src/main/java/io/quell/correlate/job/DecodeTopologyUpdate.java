/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.RecordKeys;

/** Decodes records of quell.topology into {@link TopologyUpdate}s; a tombstone removes an edge. */
public class DecodeTopologyUpdate extends DecodeCompactedUpdate<TopologyEdge, TopologyUpdate> {
  private static final long serialVersionUID = 1L;

  public DecodeTopologyUpdate(SchemaRegistryOptions registry, String stage) {
    super(registry, stage, TopologyEdge.class);
  }

  @Override
  protected String keyOf(TopologyEdge edge) {
    return RecordKeys.topologyEdge(edge);
  }

  @Override
  protected TopologyUpdate update(String key, TopologyEdge edge) {
    return new TopologyUpdate(key, edge);
  }
}
