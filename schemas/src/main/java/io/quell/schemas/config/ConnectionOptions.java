/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.config;

import java.util.List;

/**
 * Where the servers are: the settings every Quell component shares. The schema registry's own
 * settings are in {@link io.quell.schemas.registry.SchemaRegistryOptions}; topic names in {@link
 * io.quell.schemas.topic.Topics}.
 */
public final class ConnectionOptions {
  private ConnectionOptions() {}

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOption.string(
          "bootstrap.servers",
          "127.0.0.1:9092",
          "Kafka bootstrap servers (host:port, comma-separated). Any other Kafka client setting"
              + " (security.protocol, sasl.*, ssl.*) in the same file is passed to every client.");

  public static final ConfigOption<String> ELASTICSEARCH_URL =
      ConfigOption.string(
          "elasticsearch.url",
          "http://127.0.0.1:9200",
          "Elasticsearch HTTP URL the remediation service writes incidents and actions to.");

  /** Every setting, in the order the configuration reference lists them. */
  public static final List<ConfigOption<?>> OPTIONS = List.of(BOOTSTRAP_SERVERS, ELASTICSEARCH_URL);
}
