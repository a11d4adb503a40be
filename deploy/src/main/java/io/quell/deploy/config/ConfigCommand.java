/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quell config}: the settings Quell knows and the ones in effect. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Show the configuration reference or the settings in effect.",
    subcommands = {ConfigCommand.Reference.class, ConfigCommand.Show.class})
public final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code quell config reference}: docs/configuration.md. */
  @Command(
      name = "reference",
      mixinStandardHelpOptions = true,
      description =
          "Print the configuration reference (Markdown) generated from the typed options.")
  public static final class Reference implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().print(ConfigReference.markdown());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code quell config show}: what a service started with the same flags would use. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print the settings in effect (file, environment, --set, --local), sorted by key.")
  public static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigMixin config;

    @Override
    public Integer call() {
      Map<String, String> effective = new TreeMap<>(config.load());
      effective.forEach(
          (k, v) ->
              spec.commandLine()
                  .getOut()
                  .println(
                      k + "=" + (k.contains("secret") || k.contains("password") ? "****" : v)));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
