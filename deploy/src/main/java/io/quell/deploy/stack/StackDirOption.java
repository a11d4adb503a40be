/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.stack;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dir} option every stack command shares. */
public final class StackDirOption {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "${QUELL_STACK_DIR:-.quell}",
      description = "Stack data directory (default: ${DEFAULT-VALUE}; env QUELL_STACK_DIR).")
  Path dir;

  public Path dir() {
    return dir.toAbsolutePath();
  }
}
