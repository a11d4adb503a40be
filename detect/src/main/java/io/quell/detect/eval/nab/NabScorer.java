/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.nab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Scores anomaly detections the way the Numenta Anomaly Benchmark v1.1 does.
 *
 * <ul>
 *   <li>The first {@code min(floor(0.15 N), 750)} rows of a file are its probation period: they are
 *       neither scored nor threshold candidates.
 *   <li>A row is a detection when its score is at least the threshold. A window of {@code W} rows
 *       ending at row {@code R} keeps only its earliest detection, at row {@code i}, worth {@code
 *       A_TP σ(−(R − i + 1)/W) / σ(−1)}, with {@code σ(p) = 2/(1 + e^{5p}) − 1}; a window without
 *       one costs {@code A_FN}.
 *   <li>A detection outside every window costs {@code A_FP} before the first window, and after a
 *       window ending at {@code R'} of width {@code W'} is worth {@code A_FP σ(|i − R'|/(W' − 1))}
 *       (σ is −1 beyond 3), so a detection just after a window is hardly punished.
 *   <li>The threshold is chosen for the whole corpus: every distinct score is tried and the one
 *       with the highest total kept. The total is normalized between the null detector (every
 *       window missed, {@code −A_FN} per window) and the perfect one ({@code A_TP} per window).
 * </ul>
 */
public final class NabScorer {
  /** Share of a file's rows that is probation. */
  static final double PROBATION_SHARE = 0.15;

  /** Longest probation, in rows (NAB: 0.15 × 5000). */
  static final int MAX_PROBATION_ROWS = 750;

  /** A file's detections: its timestamps and the score of each row. */
  public record FileScores(List<LocalDateTime> timestamps, double[] scores) {
    public FileScores {
      if (timestamps.size() != scores.length) {
        throw new IllegalArgumentException(
            timestamps.size() + " timestamps but " + scores.length + " scores");
      }
    }
  }

  /**
   * The corpus-wide outcome for one profile.
   *
   * @param threshold the score from which a row counts as a detection
   * @param raw the summed score at that threshold
   * @param normalized {@code 100 (raw − null) / (perfect − null)}
   */
  public record Outcome(
      NabProfile profile,
      double threshold,
      double raw,
      double normalized,
      int truePositives,
      int falseNegatives,
      int falsePositives) {}

  private NabScorer() {}

  /** Rows of probation for a file of {@code rows} rows. */
  static int probationRows(int rows) {
    return (int) Math.min(Math.floor(PROBATION_SHARE * rows), MAX_PROBATION_ROWS);
  }

  /** NAB's scaled sigmoid. */
  static double scaledSigmoid(double position) {
    if (position > 3.0) {
      return -1.0;
    }
    return 2.0 / (1.0 + Math.exp(5.0 * position)) - 1.0;
  }

  /**
   * Scores every labelled file of {@code labels} with the detections in {@code results}.
   *
   * @throws IllegalArgumentException when a labelled file has no results
   */
  public static Outcome score(
      NabLabels labels, Map<String, FileScores> results, NabProfile profile) {
    List<Candidate> candidates = new ArrayList<>();
    int windowCount = 0;
    for (String file : labels.files()) {
      FileScores scores = results.get(file);
      if (scores == null) {
        throw new IllegalArgumentException("No results for labelled file " + file);
      }
      windowCount += candidates(labels.windows(file), scores, profile, windowCount, candidates);
    }
    return sweep(candidates, windowCount, profile);
  }

  /**
   * Adds the scored rows of one file to {@code out}; its windows are numbered from {@code
   * firstWindow}. Returns the number of windows of the file.
   */
  static int candidates(
      List<NabLabels.Window> windows,
      FileScores file,
      NabProfile profile,
      int firstWindow,
      List<Candidate> out) {
    List<LocalDateTime> times = file.timestamps();
    int rows = times.size();
    int[][] bounds = new int[windows.size()][];
    for (int w = 0; w < windows.size(); w++) {
      NabLabels.Window window = windows.get(w);
      int left = -1;
      int right = -1;
      for (int i = 0; i < rows; i++) {
        LocalDateTime t = times.get(i);
        if (!t.isBefore(window.start()) && !t.isAfter(window.end())) {
          if (left < 0) {
            left = i;
          }
          right = i;
        }
      }
      bounds[w] = left < 0 ? null : new int[] {left, right};
    }
    double maxTp = scaledSigmoid(-1.0);
    int probation = probationRows(rows);
    for (int i = probation; i < rows; i++) {
      int inWindow = -1;
      int previous = -1;
      for (int w = 0; w < bounds.length; w++) {
        if (bounds[w] == null) {
          continue;
        }
        if (i >= bounds[w][0] && i <= bounds[w][1]) {
          inWindow = w;
          break;
        }
        if (bounds[w][1] < i && (previous < 0 || bounds[w][1] > bounds[previous][1])) {
          previous = w;
        }
      }
      double weight;
      if (inWindow >= 0) {
        int left = bounds[inWindow][0];
        int right = bounds[inWindow][1];
        double width = right - left + 1;
        weight = profile.tpWeight() * scaledSigmoid(-(right - i + 1) / width) / maxTp;
        out.add(new Candidate(file.scores()[i], weight, firstWindow + inWindow));
      } else {
        double unweighted;
        if (previous < 0) {
          unweighted = -1.0;
        } else {
          int right = bounds[previous][1];
          double width = right - bounds[previous][0] + 1;
          unweighted = scaledSigmoid(Math.abs(i - right) / (width - 1));
        }
        out.add(new Candidate(file.scores()[i], unweighted * profile.fpWeight(), -1));
      }
    }
    return windows.size();
  }

  /** One scored row: its anomaly score, what it is worth as a detection, its window or -1. */
  record Candidate(double score, double weight, int window) {}

  /** Tries every distinct score as the threshold, from the highest down; keeps the best. */
  static Outcome sweep(List<Candidate> candidates, int windowCount, NabProfile profile) {
    Candidate[] sorted = candidates.toArray(new Candidate[0]);
    Arrays.sort(sorted, Comparator.comparingDouble(Candidate::score).reversed());
    double[] windowScore = new double[windowCount];
    Arrays.fill(windowScore, -profile.fnWeight());
    double total = -profile.fnWeight() * windowCount;
    int detectedWindows = 0;
    int falsePositives = 0;

    double threshold = Double.POSITIVE_INFINITY;
    double bestTotal = total;
    double bestThreshold = threshold;
    int bestDetected = 0;
    int bestFalsePositives = 0;
    for (int k = 0; k < sorted.length; k++) {
      Candidate c = sorted[k];
      if (c.window() >= 0) {
        if (windowScore[c.window()] == -profile.fnWeight()) {
          detectedWindows++;
        }
        if (c.weight() > windowScore[c.window()]) {
          total += c.weight() - windowScore[c.window()];
          windowScore[c.window()] = c.weight();
        }
      } else {
        total += c.weight();
        falsePositives++;
      }
      threshold = c.score();
      boolean lastOfThreshold = k + 1 == sorted.length || sorted[k + 1].score() != threshold;
      // Ties: the highest threshold reaching the best total wins, as in NAB.
      if (lastOfThreshold && total > bestTotal) {
        bestTotal = total;
        bestThreshold = threshold;
        bestDetected = detectedWindows;
        bestFalsePositives = falsePositives;
      }
    }
    double nullScore = -profile.fnWeight() * windowCount;
    double perfectScore = profile.tpWeight() * windowCount;
    double normalized =
        windowCount == 0 ? 0 : 100.0 * (bestTotal - nullScore) / (perfectScore - nullScore);
    return new Outcome(
        profile,
        bestThreshold,
        bestTotal,
        normalized,
        bestDetected,
        windowCount - bestDetected,
        bestFalsePositives);
  }
}
