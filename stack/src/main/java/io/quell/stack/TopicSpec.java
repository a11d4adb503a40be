/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.util.Objects;

/**
 * A topic the stack creates at start-up or on request.
 *
 * @param name topic name
 * @param partitions partition count (at least 1)
 * @param compacted whether the topic uses log compaction (control topics keyed by id)
 */
public record TopicSpec(String name, int partitions, boolean compacted) {
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": partitions must be at least 1, got " + partitions);
    }
  }
}
