/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Builds registry clients from {@link SchemaRegistryOptions}. */
public final class SchemaRegistryClients {

  // One cached client per distinct options in a JVM: every serde of a Flink task manager or a
  // Kafka Streams instance then shares one cache, and a task restarted after a failure finds the
  // ids it knew, even while the registry is down.
  private static final ConcurrentMap<SchemaRegistryOptions, SchemaRegistryClient> SHARED =
      new ConcurrentHashMap<>();

  private SchemaRegistryClients() {}

  /**
   * A new client for {@code options}: a caching HTTP client, or the in-memory registry of the scope
   * for a {@code mock://} URL.
   */
  public static SchemaRegistryClient create(SchemaRegistryOptions options) {
    if (options.isInMemory()) {
      return InMemorySchemaRegistryClient.forUrl(options.url());
    }
    return new CachingSchemaRegistryClient(
        new RestSchemaRegistryClient(options), options.cacheCapacity());
  }

  /** The client of this JVM for {@code options}, created on first use and shared after. */
  public static SchemaRegistryClient shared(SchemaRegistryOptions options) {
    if (options.isInMemory()) {
      // Scopes hold their own state and can be dropped between tests: never pin one here.
      return create(options);
    }
    return SHARED.computeIfAbsent(options, SchemaRegistryClients::create);
  }
}
