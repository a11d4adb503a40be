/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import io.quell.schemas.avro.Incident;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the {@link RunbookEngine} keeps what it must remember, as key-value stores: Kafka Streams
 * state stores in the service, sorted maps in tests.
 *
 * @param notified {@code <rule>/<incident id>} → wall-clock ms the incident was last seen, while an
 *     episode of the rule is open for the incident
 * @param progress {@code <rule>/<incident id>} → the episode's progress (JSON)
 * @param guards cooldowns, budgets and the open incidents the circuit breaker counts
 * @param approvals action id → a step waiting for a person's decision (JSON)
 * @param incidents {@code <rule>/<incident id>} → the latest incident version, while later steps
 *     still wait (for verification or approval)
 */
public record RunbookState(
    Store<Long> notified,
    Store<String> progress,
    Store<Long> guards,
    Store<String> approvals,
    Store<Incident> incidents) {

  /** A key-value store with String keys, sorted by key. */
  public interface Store<V> {
    V get(String key);

    void put(String key, V value);

    void delete(String key);

    /** The entries whose key starts with {@code prefix}, in key order, as a copy. */
    List<Map.Entry<String, V>> scan(String prefix);
  }

  /** A store in a sorted map. */
  public static final class MapStore<V> implements Store<V> {
    private final TreeMap<String, V> map = new TreeMap<>();

    @Override
    public V get(String key) {
      return map.get(key);
    }

    @Override
    public void put(String key, V value) {
      map.put(key, value);
    }

    @Override
    public void delete(String key) {
      map.remove(key);
    }

    @Override
    public List<Map.Entry<String, V>> scan(String prefix) {
      // Copies of the entries: TreeMap reuses an entry object for another key when it deletes,
      // and callers delete while they go through the list.
      List<Map.Entry<String, V>> entries = new ArrayList<>();
      for (Map.Entry<String, V> entry :
          map.subMap(prefix, prefix + Character.MAX_VALUE).entrySet()) {
        entries.add(new AbstractMap.SimpleImmutableEntry<>(entry.getKey(), entry.getValue()));
      }
      return entries;
    }

    public Map<String, V> asMap() {
      return map;
    }
  }

  /** State in sorted maps, for tests and offline use. */
  public static RunbookState inMemory() {
    return new RunbookState(
        new MapStore<>(), new MapStore<>(), new MapStore<>(), new MapStore<>(), new MapStore<>());
  }
}
