/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.config;

import io.quell.schemas.config.ConfigLoader;
import io.quell.stack.StackState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The configuration flags every service command shares: a properties file, {@code --set} overrides,
 * and {@code --local} to use the stack running on a directory.
 */
public final class ConfigMixin {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = "${QUELL_CONFIG}",
      description =
          "Properties file with the settings (env QUELL_CONFIG). See docs/configuration.md.")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set one setting, over the file and the environment (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--local",
      paramLabel = "DIR",
      arity = "0..1",
      fallbackValue = ".quell",
      description =
          "Use the servers of the local stack running on DIR (default .quell, see `quell stack up`)"
              + " for every connection setting not given otherwise.")
  Path localStack;

  /** The effective configuration. */
  public Map<String, String> load() {
    Map<String, String> config =
        ConfigLoader.load(file, System.getenv(), QuellOptions.keys(), Map.of());
    if (localStack != null) {
      StackState state = localState(localStack);
      putIfAbsent(config, "bootstrap.servers", state.bootstrapServers());
      putIfAbsent(config, "schema.registry.url", state.schemaRegistryUrl());
      putIfAbsent(config, "elasticsearch.url", state.elasticsearchUrl());
    }
    config.putAll(overrides);
    return config;
  }

  private static void putIfAbsent(Map<String, String> config, String key, String value) {
    if (value != null) {
      config.putIfAbsent(key, value);
    }
  }

  private static StackState localState(Path dir) {
    try {
      Optional<StackState> state = StackState.read(dir.toAbsolutePath());
      return state.orElseThrow(
          () ->
              new IllegalArgumentException(
                  "--local: no stack is running on "
                      + dir.toAbsolutePath()
                      + " (start one with `quell stack up`)"));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--local: cannot read the stack state in " + dir + ": " + e.getMessage(), e);
    }
  }
}
