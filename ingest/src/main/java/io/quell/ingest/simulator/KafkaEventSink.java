/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.ingest.publish.KafkaRecordPublisher;
import io.quell.ingest.publish.RecordPublisher;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.topic.QuellTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends the simulator's events straight to the Quell topics with their serdes and keys: logs by
 * service, metrics by series id, topology edges by {@code caller->callee}, ground truth (JSON) by
 * fault id.
 */
public final class KafkaEventSink implements EventSink {

  private final RecordPublisher publisher;
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();

  /** A sink for the cluster, registry and topics named in {@code config}. */
  public KafkaEventSink(Map<String, ?> config) {
    this(new KafkaRecordPublisher(config, "simulator"));
  }

  /** A sink over {@code publisher}, which it owns from now on and closes with itself. */
  public KafkaEventSink(RecordPublisher publisher) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  @Override
  public void topology(List<TopologyEdge> edges) {
    pending.add(publisher.publish(QuellTopic.TOPOLOGY, edges));
  }

  @Override
  public void logs(List<LogEvent> logs) {
    pending.add(publisher.publish(QuellTopic.LOGS, logs));
  }

  @Override
  public void metrics(List<MetricPoint> metrics) {
    pending.add(publisher.publish(QuellTopic.METRICS, metrics));
  }

  @Override
  public void groundTruth(GroundTruth truth) {
    pending.add(publisher.publish(QuellTopic.GROUND_TRUTH, truth.id(), truth.toJson()));
  }

  @Override
  public void flush() {
    publisher.flush();
    try {
      for (CompletableFuture<Void> future : pending) {
        future.join();
      }
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new SinkException(
          "Kafka did not take the simulated events: " + cause.getMessage(), cause);
    } finally {
      pending.clear();
    }
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      publisher.close();
    }
  }
}
