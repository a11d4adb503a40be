/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.testing;

import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.Topics;
import io.quell.stack.QuellStack;
import io.quell.stack.TopicSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture shared by every module (through the schemas test-jar): a private set of Quell topics
 * on the shared stack. Tests share one stack per JVM, so each test gets its own topic prefix and
 * therefore its own topics and subjects.
 */
public final class QuellTestTopics {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final QuellStack stack;
  private final Topics topics;
  private final Map<String, Object> config;

  private QuellTestTopics(QuellStack stack, Topics topics, Map<String, Object> config) {
    this.stack = stack;
    this.topics = topics;
    this.config = config;
  }

  /**
   * Creates every Quell topic under a fresh prefix derived from {@code name} (e.g. {@code
   * detect-1.quell.alerts}) and returns the configuration that points components at them.
   */
  public static QuellTestTopics create(QuellStack stack, String name) {
    String prefix =
        name.replaceAll("[^a-zA-Z0-9-]", "-")
            + "-"
            + COUNTER.incrementAndGet()
            + "-"
            + ProcessHandle.current().pid()
            + ".";
    Map<String, Object> config = new HashMap<>();
    config.put(Topics.PREFIX.key(), prefix);
    config.put("bootstrap.servers", stack.bootstrapServers());
    config.put(SchemaRegistryOptions.URL.key(), stack.schemaRegistryUrl());
    Topics topics = Topics.fromConfig(config);
    stack.createTopics(
        topics.definitions().stream()
            .map(d -> new TopicSpec(d.name(), d.partitions(), d.compacted()))
            .toList());
    return new QuellTestTopics(stack, topics, config);
  }

  public Topics topics() {
    return topics;
  }

  /**
   * Connection and topic settings for a component under test: {@code bootstrap.servers}, {@code
   * schema.registry.url} and {@code quell.topic.prefix}. A mutable copy: add the component's own.
   */
  public Map<String, Object> config() {
    return new HashMap<>(config);
  }

  public QuellStack stack() {
    return stack;
  }

  public SchemaRegistryOptions registryOptions() {
    return SchemaRegistryOptions.fromMap(config);
  }
}
