/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.stack;

import io.quell.stack.StackState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quell stack down}: stop the stack that runs on the directory, from any terminal. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Stop the stack running on the data directory.",
      "Waits until none of its processes is left.",
      "Data stays; start again with `quell stack up`."
    })
public final class StackDownCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin StackDirOption dir;

  @Option(
      names = "--timeout",
      defaultValue = "60",
      description = "Seconds to wait before killing (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    Optional<StackState> found = StackState.read(dir.dir());
    if (found.isEmpty()) {
      out.println("No stack is running on " + dir.dir());
      return 0;
    }
    StackState state = found.get();
    List<ProcessHandle> processes = new ArrayList<>();
    ProcessHandle.of(state.pid()).ifPresent(processes::add);
    state.childPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(processes::add));
    out.println("Stopping the stack (pid " + state.pid() + ") on " + dir.dir());
    // SIGTERM: the stack's shutdown hook stops the servers in order and releases the lock.
    ProcessHandle.of(state.pid()).ifPresent(ProcessHandle::destroy);
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    for (ProcessHandle p : processes) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        p.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        out.println("  process " + p.pid() + " did not stop in time: killing it");
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.onExit().get(10, TimeUnit.SECONDS);
      }
    }
    out.println("Stopped.");
    return 0;
  }
}
