/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small thread-safe cache that forgets the least recently used entry beyond a capacity. The
 * caches of the registry client and the serdes hold a handful of schemas in practice; the bound
 * only protects against a stream of ever new ids or schemas.
 */
public final class LruCache<K, V> {

  private final Map<K, V> entries;

  public LruCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 but is " + capacity);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The cached value, or null. */
  public synchronized V get(K key) {
    return entries.get(key);
  }

  public synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  public synchronized int size() {
    return entries.size();
  }
}
