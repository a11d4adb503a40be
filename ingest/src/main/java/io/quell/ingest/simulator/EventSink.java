/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.TopologyEdge;
import java.util.List;

/**
 * Where the simulator's events go. Sending may be asynchronous; {@link #flush()} returns once
 * everything sent so far is delivered, and reports a failure of any of it. Failures are {@link
 * SinkException}s.
 */
public interface EventSink extends AutoCloseable {

  /** The call edges of the topology, sent once before the first step. */
  void topology(List<TopologyEdge> edges);

  void logs(List<LogEvent> logs);

  void metrics(List<MetricPoint> metrics);

  /** The label of an injected fault, sent in the step where the fault starts. */
  void groundTruth(GroundTruth truth);

  /**
   * Blocks until everything sent so far is delivered.
   *
   * @throws SinkException when something could not be delivered
   */
  void flush();

  /** Delivers what is pending and releases resources. */
  @Override
  void close();
}
