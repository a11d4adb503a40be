/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import io.quell.correlate.CorrelateOptions;
import io.quell.deploy.config.ConfigMixin;
import io.quell.detect.DetectOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quell eval alertmanager-compare}: the alerts of a simulator scenario fed to Quell's
 * correlator core and to a real Alertmanager with alike grouping and inhibition.
 */
@Command(
    name = "alertmanager-compare",
    mixinStandardHelpOptions = true,
    description = {
      "Feed the alerts that detection raises on a simulator scenario to Quell's correlator core"
          + " (offline, event time) and to a real Alertmanager (a child process on a free port,"
          + " replayed on the wall clock --speed times faster, its intervals scaled alike),"
          + " both with group wait and the inhibition rule 'critical mutes warnings of the same"
          + " service'; report the notifications each sent and the alerts/s each took."
    })
public final class AlertmanagerCompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigMixin config;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      defaultValue = "overlapping",
      description =
          "Scenario whose alerts are fed (see `quell eval correlate`); default ${DEFAULT-VALUE}.")
  String scenario;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Simulator seed.")
  long seed;

  @Option(
      names = "--speed",
      paramLabel = "X",
      defaultValue = "60",
      description =
          "Replay to Alertmanager this many times faster than event time; default ${DEFAULT-VALUE}.")
  double speed;

  @Option(
      names = "--alertmanager",
      paramLabel = "FILE",
      description = "The Alertmanager binary; default /usr/bin/prometheus-alertmanager.")
  Path binary = AlertmanagerComparison.DEFAULT_BINARY;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where Alertmanager's configuration, data and log go; default a temporary one.")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isExecutable(binary)) {
      throw new ParameterException(
          spec.commandLine(),
          binary
              + " is not installed (Debian package prometheus-alertmanager); name one with"
              + " --alertmanager");
    }
    if (!(speed > 0)) {
      throw new ParameterException(spec.commandLine(), "--speed must be above 0");
    }
    Map<String, String> settings = AlertmanagerComparison.withInhibitionRule(config.load());
    CorrelateOptions options = CorrelateOptions.fromMap(settings);
    CorrelateEvaluation.Outcome outcome;
    try {
      outcome =
          new CorrelateEvaluation(DetectOptions.fromConfig(settings), options)
              .evaluate(scenario, CorrelateScenarios.named(scenario, seed));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path dir = workDir != null ? workDir : Files.createTempDirectory("quell-alertmanager-");
    out.printf(
        "%s: %d alert records; Alertmanager in %s%n", scenario, outcome.alerts().size(), dir);
    out.flush();
    AlertmanagerComparison.Result result =
        new AlertmanagerComparison(
                binary,
                speed,
                dir,
                line -> {
                  out.println("  " + line);
                  out.flush();
                })
            .compare(scenario, outcome.alerts(), outcome.edges(), settings);
    print(out, result);
    return 0;
  }

  static void print(PrintWriter out, AlertmanagerComparison.Result result) {
    out.printf("%n%-13s %13s %18s %12s%n", "", "notifications", "incidents/groups", "alerts/s");
    for (AlertmanagerComparison.Side side :
        new AlertmanagerComparison.Side[] {result.quell(), result.alertmanager()}) {
      out.printf(
          "%-13s %13d %18d %12.0f%n",
          side.name(), side.notifications(), side.groups(), side.alertsPerSecond());
    }
    out.println(
        "(Quell: incident versions that notify, correlator core in process; Alertmanager:"
            + " webhook calls, alerts posted over HTTP in batches of 100.)");
    out.flush();
  }
}
