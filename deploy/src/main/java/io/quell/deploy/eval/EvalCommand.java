/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quell eval}: Quell's detectors on public benchmarks, scored as the benchmark does. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate Quell's detectors and log template miner on public benchmarks, and correlation on"
            + " simulator scenarios.",
    subcommands = {
      NabCommand.class,
      LoghubCommand.class,
      CorrelateEvalCommand.class,
      AlertmanagerCompareCommand.class
    })
public final class EvalCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
