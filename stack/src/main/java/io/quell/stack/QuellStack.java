/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The running parts Quell talks to: a Kafka broker, a Confluent-compatible schema registry and an
 * Elasticsearch node. The embedded stack and the Testcontainers stack both implement it, so tests
 * and commands do not care which one they got.
 */
public interface QuellStack extends AutoCloseable {

  /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}. */
  String bootstrapServers();

  /**
   * Base URL of the Confluent Schema Registry REST API, e.g. {@code
   * http://127.0.0.1:8081/apis/ccompat/v7}. Clients append paths such as {@code /subjects}.
   */
  String schemaRegistryUrl();

  /** Elasticsearch HTTP URL, e.g. {@code http://127.0.0.1:9200}. */
  String elasticsearchUrl();

  /** Which implementation this is, for log lines and status output. */
  String kind();

  /**
   * Creates the topics that do not exist yet and waits until every partition has a leader that
   * answers offset requests, so that an idempotent producer can write at once.
   */
  void createTopics(Collection<TopicSpec> topics);

  /** {@link #createTopics(Collection)} for a few topics. */
  default void createTopics(TopicSpec... topics) {
    createTopics(List.of(topics));
  }

  /** Properties every Kafka client of this stack needs (at least {@code bootstrap.servers}). */
  default Map<String, Object> kafkaClientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers());
    return props;
  }

  /** Stops everything this stack started. Idempotent. */
  @Override
  void close();
}
