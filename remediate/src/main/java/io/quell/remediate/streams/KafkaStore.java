/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.streams;

import io.quell.remediate.runbook.RunbookState;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** A Kafka Streams key-value store as a {@link RunbookState.Store}. */
final class KafkaStore<V> implements RunbookState.Store<V> {

  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, V> store;

  KafkaStore(KeyValueStore<String, V> store) {
    this.store = store;
  }

  @Override
  public V get(String key) {
    return store.get(key);
  }

  @Override
  public void put(String key, V value) {
    store.put(key, value);
  }

  @Override
  public void delete(String key) {
    store.delete(key);
  }

  @Override
  public List<Map.Entry<String, V>> scan(String prefix) {
    List<Map.Entry<String, V>> entries = new ArrayList<>();
    try (KeyValueIterator<String, V> iterator =
        prefix.isEmpty() ? store.all() : store.prefixScan(prefix, KEYS)) {
      while (iterator.hasNext()) {
        KeyValue<String, V> entry = iterator.next();
        entries.add(new AbstractMap.SimpleImmutableEntry<>(entry.key, entry.value));
      }
    }
    return entries;
  }
}
