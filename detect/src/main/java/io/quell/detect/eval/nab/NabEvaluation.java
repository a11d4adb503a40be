/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.nab;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a detector over NAB data files, one fresh detector per file, writes its scores in NAB's
 * results layout and scores them.
 */
public final class NabEvaluation {

  /** Scores the points of one series, in time order, each in [0, 1]. */
  public interface PointScorer {
    double score(long epochMillis, double value);
  }

  private NabEvaluation() {}

  /**
   * Scores every labelled file of {@code labels} found under {@code dataDir}, writing {@code
   * outDir/<category>/<file>.csv} when {@code outDir} is not null.
   *
   * @param progress receives a line per file
   */
  public static Map<String, NabScorer.FileScores> detect(
      Path dataDir,
      NabLabels labels,
      Supplier<? extends PointScorer> detector,
      Path outDir,
      Consumer<String> progress)
      throws IOException {
    Map<String, NabScorer.FileScores> results = new TreeMap<>();
    int n = 0;
    for (String file : labels.files()) {
      NabCsv.Series series = NabCsv.read(dataDir.resolve(file));
      PointScorer scorer = detector.get();
      double[] scores = new double[series.size()];
      long start = System.nanoTime();
      for (int i = 0; i < series.size(); i++) {
        scores[i] =
            scorer.score(
                series.timestamps().get(i).toInstant(ZoneOffset.UTC).toEpochMilli(),
                series.values()[i]);
      }
      long nanos = System.nanoTime() - start;
      results.put(file, new NabScorer.FileScores(series.timestamps(), scores));
      if (outDir != null) {
        NabCsv.writeScores(outDir.resolve(file), series.timestamps(), scores);
      }
      n++;
      progress.accept(
          String.format(
              "[%2d/%d] %s: %d points in %.1f ms",
              n, labels.files().size(), file, series.size(), nanos / 1e6));
    }
    return results;
  }

  /** Scores {@code results} with every profile. */
  public static List<NabScorer.Outcome> score(
      NabLabels labels, Map<String, NabScorer.FileScores> results, List<NabProfile> profiles) {
    List<NabScorer.Outcome> outcomes = new ArrayList<>();
    for (NabProfile profile : profiles) {
      outcomes.add(NabScorer.score(labels, results, profile));
    }
    return outcomes;
  }
}
