/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.config;

import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the configuration of a Quell component from, in rising precedence: the defaults of the
 * options, a properties file, environment variables, and {@code --set key=value} flags.
 *
 * <p>Environment variables are named after the keys: strip a leading {@code quell.}, upper-case,
 * replace dots and dashes with underscores, prefix {@code QUELL_}. So {@code bootstrap.servers} is
 * {@code QUELL_BOOTSTRAP_SERVERS} and {@code quell.ingest.port} is {@code QUELL_INGEST_PORT}. Only
 * keys Quell knows are read from the environment; anything else (Kafka client security settings,
 * say) goes in the file. The command line and the Flink jobs' {@code main} read their settings
 * through this one class, so the rule is the same everywhere.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** System property naming the properties file of a job started without arguments. */
  public static final String CONFIG_PROPERTY = "quell.config";

  /** Environment variable naming the properties file. */
  public static final String CONFIG_ENV = "QUELL_CONFIG";

  /** The environment variable that sets {@code key}. */
  public static String envName(String key) {
    String bare = key.startsWith("quell.") ? key.substring("quell.".length()) : key;
    return "QUELL_" + bare.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * @param file a properties file, or null
   * @param env the environment (System.getenv() outside tests)
   * @param knownKeys keys that may come from the environment
   * @param overrides {@code --set} values, highest precedence
   * @throws IllegalArgumentException when the file cannot be read (the message says which)
   */
  public static Map<String, String> load(
      Path file,
      Map<String, String> env,
      Collection<String> knownKeys,
      Map<String, String> overrides) {
    Map<String, String> config = new LinkedHashMap<>();
    if (file != null) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        props.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read config file " + file + ": " + e.getMessage(), e);
      }
      props.stringPropertyNames().forEach(k -> config.put(k, props.getProperty(k).trim()));
    }
    for (String key : knownKeys) {
      String value = env.get(envName(key));
      if (value != null && !value.isBlank()) {
        config.put(key, value.trim());
      }
    }
    config.putAll(overrides);
    return config;
  }

  /** The keys every component shares: connections, schema registry, topic names and partitions. */
  public static List<String> sharedKeys() {
    List<String> keys = new ArrayList<>();
    ConnectionOptions.OPTIONS.forEach(o -> keys.add(o.key()));
    SchemaRegistryOptions.OPTIONS.forEach(o -> keys.add(o.key()));
    keys.add(Topics.PREFIX.key());
    keys.add(Topics.REPLICATION_FACTOR.key());
    for (QuellTopic<?, ?> topic : QuellTopic.all()) {
      keys.add(topic.nameConfigKey());
      keys.add(topic.partitionsConfigKey());
    }
    return keys;
  }

  /**
   * The configuration of a job's {@code main} on a cluster: the properties file named by the first
   * argument (else the system property {@value #CONFIG_PROPERTY}, else {@value #CONFIG_ENV}), then
   * environment variables, then system properties, for the shared keys and {@code moduleOptions}.
   */
  public static Map<String, String> forJob(
      String[] args,
      Map<String, String> env,
      Properties systemProperties,
      Collection<ConfigOption<?>> moduleOptions) {
    String file = args.length > 0 ? args[0] : systemProperties.getProperty(CONFIG_PROPERTY);
    if (file == null || file.isBlank()) {
      file = env.get(CONFIG_ENV);
    }
    List<String> keys = sharedKeys();
    moduleOptions.forEach(o -> keys.add(o.key()));
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String key : keys) {
      String value = systemProperties.getProperty(key);
      if (value != null && !value.isBlank()) {
        overrides.put(key, value.trim());
      }
    }
    return load(file == null || file.isBlank() ? null : Path.of(file), env, keys, overrides);
  }
}
