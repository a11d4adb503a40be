/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy;

import io.quell.deploy.stack.StackCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quell} command line: one entry point for every Quell tool and service. */
@Command(
    name = "quell",
    mixinStandardHelpOptions = true,
    versionProvider = QuellVersion.class,
    description =
        "Quell: a streaming AIOps pipeline (anomaly detection, alert correlation, guarded remediation).",
    subcommands = {
      io.quell.deploy.demo.DemoCommand.class,
      io.quell.deploy.service.UpCommand.class,
      StackCommand.class,
      io.quell.deploy.service.IngestCommand.class,
      io.quell.deploy.service.SimulateCommand.class,
      io.quell.deploy.service.DetectCommand.class,
      io.quell.deploy.service.CorrelateCommand.class,
      io.quell.deploy.service.RemediateCommand.class,
      io.quell.deploy.incidents.IncidentsCommand.class,
      io.quell.deploy.silences.SilencesCommand.class,
      TopicsCommand.class,
      io.quell.deploy.config.ConfigCommand.class,
      io.quell.deploy.eval.EvalCommand.class,
      CommandLine.HelpCommand.class
    })
public final class QuellCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for main and for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new QuellCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
