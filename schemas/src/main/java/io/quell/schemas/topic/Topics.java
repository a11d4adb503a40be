/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.topic;

import io.quell.schemas.config.ConfigOption;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topic names and partition counts in force, read from configuration. Topic names are
 * configuration, so that several installations can share a cluster; code always asks this class for
 * a {@link QuellTopic}'s name and never writes one down.
 *
 * <p>Settings, all optional:
 *
 * <ul>
 *   <li>{@code quell.topic.prefix}: put in front of every default name, for example {@code
 *       staging.} gives {@code staging.quell.alerts};
 *   <li>{@code quell.topic.<id>}: the full name of one topic (the prefix is not applied), for
 *       example {@code quell.topic.alerts=team-a.alerts};
 *   <li>{@code quell.topic.<id>.partitions}: the partition count the topic is created with;
 *   <li>{@code quell.topic.replication.factor}: the replication factor topics are created with (the
 *       broker's default when unset).
 * </ul>
 *
 * Any other key starting with {@code quell.topic.} is an error, so that a misspelt topic id does
 * not silently fall back to the default name. Two topics with the same name are an error too.
 */
public final class Topics implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Common prefix of all topic settings. */
  public static final String CONFIG_PREFIX = "quell.topic.";

  public static final ConfigOption<String> PREFIX =
      ConfigOption.string(
          CONFIG_PREFIX + "prefix",
          "",
          "Put in front of every default topic name, for example 'staging.' gives"
              + " staging.quell.alerts. Names set one by one (quell.topic.<id>) are used as given.");

  public static final ConfigOption<Integer> REPLICATION_FACTOR =
      ConfigOption.integer(
          CONFIG_PREFIX + "replication.factor",
          -1,
          "Replication factor that topics are created with; -1 leaves it to the broker's"
              + " default.replication.factor.");

  // Kafka's own rule for topic names.
  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private final Map<String, String> namesById;
  private final Map<String, Integer> partitionsById;
  private final int replicationFactor;

  private Topics(
      Map<String, String> namesById, Map<String, Integer> partitionsById, int replicationFactor) {
    this.namesById = Collections.unmodifiableMap(new LinkedHashMap<>(namesById));
    this.partitionsById = Collections.unmodifiableMap(new LinkedHashMap<>(partitionsById));
    this.replicationFactor = replicationFactor;
  }

  /** Every topic with its default name and partition count. */
  public static Topics defaults() {
    return fromConfig(Map.of());
  }

  /** Reads the topic settings from a properties file's contents. */
  public static Topics fromProperties(Properties properties) {
    Map<String, Object> config = new HashMap<>();
    properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
    return fromConfig(config);
  }

  /**
   * Reads the topic settings; keys that do not start with {@code quell.topic.} are ignored, so the
   * whole configuration of a component can be passed.
   *
   * @throws IllegalArgumentException for an unknown {@code quell.topic.} key, an illegal topic
   *     name, a partition count below 1 or two topics with the same name
   */
  public static Topics fromConfig(Map<String, ?> config) {
    rejectUnknownKeys(config);
    String prefix = PREFIX.read(config);
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Integer> partitions = new LinkedHashMap<>();
    Map<String, String> idsByName = new HashMap<>();
    for (QuellTopic<?, ?> topic : QuellTopic.all()) {
      ConfigOption<String> nameOption =
          ConfigOption.string(topic.nameConfigKey(), prefix + topic.defaultName(), "name");
      String name = nameOption.read(config).strip();
      if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException(
            "Topic name '"
                + name
                + "' for "
                + topic.nameConfigKey()
                + " is not a legal Kafka topic name (letters, digits, '.', '_' and '-', at most"
                + " 249)");
      }
      String clash = idsByName.putIfAbsent(name, topic.id());
      if (clash != null) {
        throw new IllegalArgumentException(
            "Topics '"
                + clash
                + "' and '"
                + topic.id()
                + "' are both configured as '"
                + name
                + "'");
      }
      names.put(topic.id(), name);
      ConfigOption<Integer> partitionsOption =
          ConfigOption.integer(
              topic.partitionsConfigKey(), topic.defaultPartitions(), "partitions");
      int count = partitionsOption.read(config);
      if (count < 1) {
        throw new IllegalArgumentException(
            "Setting '" + topic.partitionsConfigKey() + "' must be at least 1 but is " + count);
      }
      partitions.put(topic.id(), count);
    }
    int replication = REPLICATION_FACTOR.read(config);
    if (replication == 0 || replication < -1 || replication > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Setting '"
              + REPLICATION_FACTOR.key()
              + "' must be -1 or at least 1 but is "
              + replication);
    }
    return new Topics(names, partitions, replication);
  }

  /** The configured name of {@code topic}. */
  public String name(QuellTopic<?, ?> topic) {
    return namesById.get(topic.id());
  }

  /** The partition count {@code topic} is created with. */
  public int partitions(QuellTopic<?, ?> topic) {
    return partitionsById.get(topic.id());
  }

  /** The replication factor, or empty for the broker's default. */
  public Optional<Short> replicationFactor() {
    return replicationFactor == -1 ? Optional.empty() : Optional.of((short) replicationFactor);
  }

  /** The Quell topic configured under {@code name}, if any. */
  public Optional<QuellTopic<?, ?>> topicNamed(String name) {
    for (QuellTopic<?, ?> topic : QuellTopic.all()) {
      if (name(topic).equals(name)) {
        return Optional.of(topic);
      }
    }
    return Optional.empty();
  }

  /** Every topic as it should exist on the broker. */
  public List<TopicDefinition> definitions() {
    List<TopicDefinition> definitions = new ArrayList<>();
    for (QuellTopic<?, ?> topic : QuellTopic.all()) {
      Map<String, String> configs =
          Map.of(
              TopicConfig.CLEANUP_POLICY_CONFIG,
              topic.compacted()
                  ? TopicConfig.CLEANUP_POLICY_COMPACT
                  : TopicConfig.CLEANUP_POLICY_DELETE);
      definitions.add(
          new TopicDefinition(topic, name(topic), partitions(topic), topic.compacted(), configs));
    }
    return definitions;
  }

  /** Every topic as an admin client creates it. */
  public List<NewTopic> newTopics() {
    List<NewTopic> topics = new ArrayList<>();
    for (TopicDefinition definition : definitions()) {
      topics.add(
          new NewTopic(definition.name(), Optional.of(definition.partitions()), replicationFactor())
              .configs(definition.configs()));
    }
    return topics;
  }

  /** The settings that reproduce this instance through {@link #fromConfig}. */
  public Map<String, String> toConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    for (QuellTopic<?, ?> topic : QuellTopic.all()) {
      config.put(topic.nameConfigKey(), name(topic));
      config.put(topic.partitionsConfigKey(), Integer.toString(partitions(topic)));
    }
    config.put(REPLICATION_FACTOR.key(), Integer.toString(replicationFactor));
    return config;
  }

  private static void rejectUnknownKeys(Map<String, ?> config) {
    TreeSet<String> known = new TreeSet<>();
    known.add(PREFIX.key());
    known.add(REPLICATION_FACTOR.key());
    for (QuellTopic<?, ?> topic : QuellTopic.all()) {
      known.add(topic.nameConfigKey());
      known.add(topic.partitionsConfigKey());
    }
    for (String key : config.keySet()) {
      if (key.startsWith(CONFIG_PREFIX) && !known.contains(key)) {
        throw new IllegalArgumentException(
            "Unknown topic setting '" + key + "'; known settings are " + known);
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Topics that
        && namesById.equals(that.namesById)
        && partitionsById.equals(that.partitionsById)
        && replicationFactor == that.replicationFactor;
  }

  @Override
  public int hashCode() {
    return namesById.hashCode() * 31 + partitionsById.hashCode() + replicationFactor;
  }

  @Override
  public String toString() {
    return "Topics" + namesById;
  }
}
