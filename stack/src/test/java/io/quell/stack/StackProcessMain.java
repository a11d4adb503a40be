/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/**
 * Runs a registry-only stack in its own JVM, so that a test can kill that JVM with SIGKILL and
 * check that no server outlives it.
 */
public final class StackProcessMain {
  private StackProcessMain() {}

  public static void main(String[] args) throws Exception {
    StackOptions options =
        StackOptions.forTests(Path.of(args[0]))
            .withServices(EnumSet.of(StackOptions.Service.SCHEMA_REGISTRY));
    EmbeddedStack stack = EmbeddedStack.start(options, List.of(), System.out::println);
    System.out.println("READY");
    stack.awaitClosed();
  }
}
