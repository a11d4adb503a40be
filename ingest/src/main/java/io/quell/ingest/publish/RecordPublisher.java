/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.publish;

import io.quell.schemas.topic.QuellTopic;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Hands records to the Quell topics. The HTTP intake and the simulator write through this, so that
 * they can be tested with a recording publisher; {@link KafkaRecordPublisher} is the real one.
 *
 * <p>A returned future completes only when every record of the call has been acknowledged, and
 * fails with a {@link PublishException} as soon as one record cannot be sent or is not
 * acknowledged. Records of one call with the same key are written in the order given.
 */
public interface RecordPublisher extends AutoCloseable {

  /** Sends {@code values} keyed by {@link QuellTopic#keyOf}. */
  <V> CompletableFuture<Void> publish(QuellTopic<String, V> topic, List<V> values);

  /** Sends one value under an explicit key, for topics whose keys are not derived from values. */
  <V> CompletableFuture<Void> publish(QuellTopic<String, V> topic, String key, V value);

  /** Whether the publisher can currently reach its cluster; may be cached briefly. */
  Readiness readiness();

  /** Blocks until everything sent so far has been acknowledged or has failed. */
  void flush();

  /** Delivers what was sent (waiting a bounded time) and releases the connections. */
  @Override
  void close();

  /**
   * Result of a readiness probe.
   *
   * @param ready whether records can be published now
   * @param detail what was checked and what it answered, for people
   */
  record Readiness(boolean ready, String detail) {}
}
