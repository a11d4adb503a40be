/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import io.quell.detect.core.logs.template.TemplateSettings;
import io.quell.detect.eval.loghub.LoghubEvaluation;
import io.quell.detect.eval.loghub.LoghubScorer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quell eval loghub}: runs the log template miner with its default settings (the same for
 * every system) over LogHub's structured files and scores the grouping against the ground truth.
 */
@Command(
    name = "loghub",
    mixinStandardHelpOptions = true,
    description = {
      "Score log template mining on LogHub systems, as the logparser benchmark does.",
      "Parses the Content column of each <System>/<System>_2k.log_structured_corrected.csv under"
          + " --dir with one fresh miner per system (default settings, the same for all), writes"
          + " <out>/<System>/<System>_2k.log_predicted.csv (LineId,EventId,EventTemplate) and"
          + " prints grouping accuracy (GA), parsing accuracy (PA) and F1 of groups (FGA) per"
          + " system and their mean."
    })
public final class LoghubCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      required = true,
      description = "Folder of <System>/<System>_2k.log_structured_corrected.csv files.")
  Path dir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where the predicted files go (default: loghub-results).")
  Path out = Path.of("loghub-results");

  @Override
  public Integer call() throws Exception {
    PrintWriter writer = spec.commandLine().getOut();
    if (!Files.isDirectory(dir) || LoghubEvaluation.systems(dir).isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "No <System>/<System>_2k.log_structured_corrected.csv under " + dir);
    }
    writer.println("Mining the templates of " + dir + " into " + out);
    writer.flush();
    List<LoghubEvaluation.SystemResult> results =
        LoghubEvaluation.run(dir, out, TemplateSettings.defaults(), line -> {});
    writer.printf(
        "%n  %-12s %6s %6s %6s %6s %9s %9s%n",
        "system", "GA", "PA", "FGA", "lines", "true", "predicted");
    for (LoghubEvaluation.SystemResult result : results) {
      LoghubScorer.Scores s = result.scores();
      writer.printf(
          "  %-12s %6.3f %6.3f %6.3f %6d %9d %9d%n",
          result.system(),
          s.groupingAccuracy(),
          s.parsingAccuracy(),
          s.groupF1(),
          s.lines(),
          s.trueGroups(),
          s.predictedGroups());
    }
    writer.printf(
        "  %-12s %6.3f %6.3f %6.3f%n",
        "mean",
        LoghubEvaluation.mean(results, LoghubScorer.Scores::groupingAccuracy),
        LoghubEvaluation.mean(results, LoghubScorer.Scores::parsingAccuracy),
        LoghubEvaluation.mean(results, LoghubScorer.Scores::groupF1));
    writer.flush();
    return 0;
  }
}
