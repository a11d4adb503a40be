/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.stack;

import io.quell.stack.StackState;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code quell stack status}: is a stack running on the directory, and where. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show whether a stack runs on the data directory, and where.",
      "Exit code 0 when running, 3 when not."
    })
public final class StackStatusCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Exit code when no stack runs (as LSB init scripts use for "not running"). */
  static final int NOT_RUNNING = 3;

  @Mixin StackDirOption dir;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    Optional<StackState> state = StackState.read(dir.dir());
    if (state.isEmpty()) {
      out.println("No stack is running on " + dir.dir());
      return NOT_RUNNING;
    }
    print(state.get(), out);
    return 0;
  }

  static void print(StackState state, java.io.PrintWriter out) {
    out.println(
        "Quell stack ("
            + state.kind()
            + ") running, pid "
            + state.pid()
            + ", data in "
            + state.dataDir());
    if (state.bootstrapServers() != null) {
      out.println("  Kafka bootstrap servers: " + state.bootstrapServers());
    }
    if (state.schemaRegistryUrl() != null) {
      out.println("  Schema registry URL:     " + state.schemaRegistryUrl());
    }
    if (state.elasticsearchUrl() != null) {
      out.println("  Elasticsearch URL:       " + state.elasticsearchUrl());
    }
  }
}
