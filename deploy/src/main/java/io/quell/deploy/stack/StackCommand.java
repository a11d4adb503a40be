/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.stack;

import picocli.CommandLine.Command;

/** {@code quell stack}: the embedded local stack. */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = {
      "Run the embedded local stack (Kafka, schema registry, Elasticsearch).",
      "A KRaft Kafka broker, the Apicurio schema registry (Confluent-compatible API) and an",
      "Elasticsearch node, with all data under one directory."
    },
    subcommands = {StackUpCommand.class, StackStatusCommand.class, StackDownCommand.class})
public final class StackCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
