/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.topic;

import java.util.Map;
import java.util.Objects;

/**
 * A topic as it should exist on the broker.
 *
 * @param topic which Quell topic it is
 * @param name its configured name
 * @param partitions its partition count
 * @param compacted whether its cleanup policy is compact
 * @param configs the topic configuration to create it with (cleanup.policy)
 */
public record TopicDefinition(
    QuellTopic<?, ?> topic,
    String name,
    int partitions,
    boolean compacted,
    Map<String, String> configs) {

  public TopicDefinition {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(name, "name");
    configs = Map.copyOf(configs);
  }
}
