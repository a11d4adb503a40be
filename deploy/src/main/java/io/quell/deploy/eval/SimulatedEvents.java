/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.logs.ErrorBurstReplay;
import io.quell.detect.core.logs.TemplateWatchReplay;
import io.quell.detect.job.DetectJob;
import io.quell.ingest.simulator.EventSink;
import io.quell.ingest.simulator.GroundTruth;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.TopologyEdge;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulator sink that keeps every event in memory, and the alerts the detect job would raise on
 * them: the same monitors the job builds from its options, run by their offline replays ({@link
 * DetectJob#replayMetrics}: the service model's verdicts and the metric monitor; {@link
 * DetectJob#serviceMonitor} and {@link DetectJob#templateWatch} for the logs).
 */
public final class SimulatedEvents implements EventSink {
  private final List<MetricPoint> metrics = new ArrayList<>();
  private final List<LogEvent> logs = new ArrayList<>();
  private final List<TopologyEdge> edges = new ArrayList<>();

  @Override
  public void topology(List<TopologyEdge> batch) {
    edges.addAll(batch);
  }

  @Override
  public void logs(List<LogEvent> batch) {
    logs.addAll(batch);
  }

  @Override
  public void metrics(List<MetricPoint> batch) {
    metrics.addAll(batch);
  }

  @Override
  public void groundTruth(GroundTruth truth) {}

  @Override
  public void flush() {}

  @Override
  public void close() {}

  public List<MetricPoint> metrics() {
    return List.copyOf(metrics);
  }

  public List<LogEvent> logs() {
    return List.copyOf(logs);
  }

  public List<TopologyEdge> edges() {
    return List.copyOf(edges);
  }

  /** The alerts the detect job with {@code options} would raise on these events. */
  public List<Alert> detect(DetectOptions options) {
    List<Alert> alerts = new ArrayList<>(DetectJob.replayMetrics(options, metrics));
    alerts.addAll(
        ErrorBurstReplay.replay(
            DetectJob.serviceMonitor(options), logs, options.serviceExpiry().toMillis()));
    alerts.addAll(
        TemplateWatchReplay.replay(
            DetectJob.templateWatch(options), logs, options.serviceExpiry().toMillis()));
    return alerts;
  }
}
