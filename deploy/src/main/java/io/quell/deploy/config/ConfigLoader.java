/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
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
 * say) goes in the file.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

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
}
