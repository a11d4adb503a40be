/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.publish;

import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps what it is asked to publish, after serializing it with the topic's real serde over an
 * in-memory registry, so that a value Kafka's serializer would refuse fails here too. Can be told
 * to fail every call, to stand for an unreachable cluster.
 */
public final class RecordingPublisher implements RecordPublisher {

  /** One published record. */
  public record Published(QuellTopic<?, ?> topic, String key, Object value) {}

  private final SchemaRegistryOptions registry =
      SchemaRegistryOptions.of("mock://recording-" + System.identityHashCode(this));
  private final List<Published> published = Collections.synchronizedList(new ArrayList<>());
  private volatile PublishException failure;
  private volatile boolean closed;

  /** Makes every later call fail with {@code error} (null to succeed again). */
  public void failWith(PublishException error) {
    this.failure = error;
  }

  public List<Published> published() {
    synchronized (published) {
      return List.copyOf(published);
    }
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public <V> CompletableFuture<Void> publish(QuellTopic<String, V> topic, List<V> values) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (failure != null) {
      done.completeExceptionally(failure);
      return done;
    }
    try {
      for (V value : values) {
        record(topic, topic.keyOf(value), value);
      }
      done.complete(null);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  @Override
  public <V> CompletableFuture<Void> publish(QuellTopic<String, V> topic, String key, V value) {
    return failure != null
        ? CompletableFuture.failedFuture(failure)
        : CompletableFuture.runAsync(() -> record(topic, key, value), Runnable::run);
  }

  private <V> void record(QuellTopic<String, V> topic, String key, V value) {
    topic.valueSerde(registry).serializer().serialize("recorded." + topic.id(), value);
    published.add(new Published(topic, key, value));
  }

  @Override
  public Readiness readiness() {
    return failure == null
        ? new Readiness(true, "recording")
        : new Readiness(false, failure.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    closed = true;
  }
}
