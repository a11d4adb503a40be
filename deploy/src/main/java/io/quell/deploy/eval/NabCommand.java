/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import io.quell.detect.core.anomaly.AnomalyScorer;
import io.quell.detect.core.anomaly.AnomalySettings;
import io.quell.detect.core.anomaly.AnomalyState;
import io.quell.detect.eval.nab.NabCsv;
import io.quell.detect.eval.nab.NabEvaluation;
import io.quell.detect.eval.nab.NabLabels;
import io.quell.detect.eval.nab.NabProfile;
import io.quell.detect.eval.nab.NabScorer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quell eval nab}: runs the anomaly scorer with its default settings over Numenta Anomaly
 * Benchmark data and scores the results as NAB v1.1 does; or scores any results folder.
 */
@Command(
    name = "nab",
    mixinStandardHelpOptions = true,
    description = {
      "Score anomaly detection on the Numenta Anomaly Benchmark, as NAB v1.1 scores it.",
      "With --data: run Quell's anomaly scorer (default settings, a fresh state per file) over"
          + " <category>/<file>.csv files (timestamp,value), write <out>/<category>/<file>.csv"
          + " (timestamp,anomaly_score) and score them.",
      "With --results: score a results folder in that layout, from any detector."
    })
public final class NabCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final class Input {
    @Option(names = "--data", paramLabel = "DIR", required = true, description = "NAB data files.")
    Path data;

    @Option(
        names = "--results",
        paramLabel = "DIR",
        required = true,
        description = "Results to score (timestamp,anomaly_score per file).")
    Path results;
  }

  @ArgGroup(multiplicity = "1")
  Input input;

  @Option(
      names = "--windows",
      paramLabel = "FILE",
      description =
          "Labelled anomaly windows (NAB's combined_windows.json layout). Default: windows.json"
              + " beside the data or results folder.")
  Path windows;

  @Option(
      names = "--profiles",
      paramLabel = "FILE",
      description =
          "NAB's profiles.json (default: NAB v1.1's standard, reward_low_FP_rate,"
              + " reward_low_FN_rate).")
  Path profiles;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where --data writes its results (default: nab-results).")
  Path outDir = Path.of("nab-results");

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path folder = input.data != null ? input.data : input.results;
    Path windowsFile =
        windows != null ? windows : folder.toAbsolutePath().getParent().resolve("windows.json");
    if (!Files.isRegularFile(windowsFile)) {
      throw new ParameterException(
          spec.commandLine(), "No windows file at " + windowsFile + "; name one with --windows");
    }
    NabLabels labels = NabLabels.read(windowsFile);
    List<NabProfile> profileList =
        profiles == null ? NabProfile.nabV11() : NabProfile.read(profiles);
    Map<String, NabScorer.FileScores> results;
    if (input.data != null) {
      AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults());
      out.println(
          "Scoring " + labels.files().size() + " files of " + input.data + " into " + outDir);
      results =
          NabEvaluation.detect(
              input.data,
              labels,
              () -> {
                AnomalyState state = new AnomalyState();
                return (time, value) -> scorer.score(state, value).score();
              },
              outDir,
              line -> {
                out.println("  " + line);
                out.flush();
              });
    } else {
      results = NabCsv.readResults(input.results, labels);
    }
    out.printf(
        "%nNAB v1.1 scores over %d files, %d windows (threshold swept over the whole corpus)%n",
        labels.files().size(), labels.windowCount());
    out.printf("  %-20s %8s %10s %4s %4s %4s%n", "profile", "score", "threshold", "TP", "FN", "FP");
    for (NabScorer.Outcome outcome : NabEvaluation.score(labels, results, profileList)) {
      out.printf(
          "  %-20s %8.2f %10.4f %4d %4d %4d%n",
          outcome.profile().name(),
          outcome.normalized(),
          outcome.threshold(),
          outcome.truePositives(),
          outcome.falseNegatives(),
          outcome.falsePositives());
    }
    out.flush();
    return 0;
  }
}
