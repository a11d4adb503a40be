/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.config;

import io.quell.schemas.config.ConfigOption;
import io.quell.schemas.config.ConnectionOptions;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of every Quell component, grouped by section: the source of the configuration
 * reference (docs/configuration.md) and of the environment variable names.
 */
public final class QuellOptions {
  private QuellOptions() {}

  /** Section title → its options, in the order the reference lists them. */
  public static Map<String, List<ConfigOption<?>>> sections() {
    Map<String, List<ConfigOption<?>>> sections = new LinkedHashMap<>();
    sections.put("Connections", ConnectionOptions.OPTIONS);
    sections.put("Schema registry", SchemaRegistryOptions.OPTIONS);
    sections.put("Topics", topicOptions());
    sections.put("Ingest (intake and simulator)", io.quell.ingest.IngestOptions.all());
    sections.put("Ingest: file shipping", io.quell.ingest.file.FileShipperOptions.all());
    sections.put("Detect", io.quell.detect.DetectOptions.all());
    sections.put("Correlate", io.quell.correlate.CorrelateOptions.all());
    sections.put("Remediate", io.quell.remediate.RemediateOptions.all());
    return sections;
  }

  /** Every key, for reading environment variables. */
  public static List<String> keys() {
    List<String> keys = new ArrayList<>();
    sections().values().forEach(list -> list.forEach(o -> keys.add(o.key())));
    return keys;
  }

  private static List<ConfigOption<?>> topicOptions() {
    List<ConfigOption<?>> options = new ArrayList<>();
    options.add(Topics.PREFIX);
    options.add(Topics.REPLICATION_FACTOR);
    for (QuellTopic<?, ?> topic : QuellTopic.all()) {
      options.add(
          ConfigOption.string(
              topic.nameConfigKey(),
              topic.defaultName(),
              "Name of the topic: " + topic.description()));
      options.add(
          ConfigOption.integer(
              topic.partitionsConfigKey(),
              topic.defaultPartitions(),
              "Partitions " + topic.defaultName() + " is created with."));
    }
    return options;
  }
}
