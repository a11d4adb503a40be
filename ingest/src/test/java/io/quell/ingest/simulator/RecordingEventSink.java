/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.TopologyEdge;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything it is sent, in order, for assertions. */
class RecordingEventSink implements EventSink {
  final List<TopologyEdge> edges = new ArrayList<>();
  final List<LogEvent> logs = new ArrayList<>();
  final List<MetricPoint> metrics = new ArrayList<>();
  final List<GroundTruth> truths = new ArrayList<>();
  int flushes;
  boolean closed;

  @Override
  public void topology(List<TopologyEdge> sent) {
    edges.addAll(sent);
  }

  @Override
  public void logs(List<LogEvent> sent) {
    logs.addAll(sent);
  }

  @Override
  public void metrics(List<MetricPoint> sent) {
    metrics.addAll(sent);
  }

  @Override
  public void groundTruth(GroundTruth truth) {
    truths.add(truth);
  }

  @Override
  public void flush() {
    flushes++;
  }

  @Override
  public void close() {
    closed = true;
  }
}
