/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.loghub;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scores a log parser's output against the ground truth, as the LogHub benchmarks do.
 *
 * <ul>
 *   <li><b>Grouping accuracy (GA)</b>: a line is correct when the lines of its predicted group are
 *       exactly the lines of its true group; GA is the share of correct lines.
 *   <li><b>Parsing accuracy (PA)</b>: a line is correct when its predicted template text equals its
 *       true template, both {@linkplain #normalise normalised}.
 *   <li><b>F1 of grouping (FGA)</b>: a predicted group is correct when it equals a true group;
 *       precision over the predicted groups, recall over the true ones, and their harmonic mean.
 * </ul>
 */
public final class LoghubScorer {
  private static final Pattern SPACES = Pattern.compile("\\s+");
  // Wildcards joined by nothing or by separators only are one variable: <*>:<*>, <*>##<*>, <*><*>.
  private static final Pattern JOINED = Pattern.compile("<\\*>(?:[.:,#\\-_/|;]*<\\*>)+");

  private LoghubScorer() {}

  /**
   * The scores of one file.
   *
   * @param lines lines scored
   * @param groupingAccuracy GA
   * @param parsingAccuracy PA
   * @param groupF1 FGA
   * @param trueGroups templates in the ground truth
   * @param predictedGroups groups predicted
   * @param correctGroups predicted groups equal to a true group
   */
  public record Scores(
      int lines,
      double groupingAccuracy,
      double parsingAccuracy,
      double groupF1,
      int trueGroups,
      int predictedGroups,
      int correctGroups) {}

  /**
   * Scores predicted groups and templates against true ones, line by line (all four lists in line
   * order, of one length).
   */
  public static Scores score(
      List<String> trueIds,
      List<String> trueTemplates,
      List<String> predictedIds,
      List<String> predictedTemplates) {
    int n = trueIds.size();
    if (trueTemplates.size() != n || predictedIds.size() != n || predictedTemplates.size() != n) {
      throw new IllegalArgumentException("every list needs one entry per line");
    }
    Map<String, Integer> trueSizes = new HashMap<>();
    Map<String, Integer> predictedSizes = new HashMap<>();
    // For each predicted group: the true id of its first line, or null once two differ.
    Map<String, String> trueIdOfGroup = new HashMap<>();
    Map<String, Boolean> pure = new HashMap<>();
    for (int i = 0; i < n; i++) {
      trueSizes.merge(trueIds.get(i), 1, Integer::sum);
      predictedSizes.merge(predictedIds.get(i), 1, Integer::sum);
      String previous = trueIdOfGroup.putIfAbsent(predictedIds.get(i), trueIds.get(i));
      if (previous != null && !previous.equals(trueIds.get(i))) {
        pure.put(predictedIds.get(i), false);
      }
    }
    int correctLines = 0;
    int correctGroups = 0;
    for (Map.Entry<String, Integer> group : predictedSizes.entrySet()) {
      if (pure.containsKey(group.getKey())) {
        continue;
      }
      String trueId = trueIdOfGroup.get(group.getKey());
      // Pure and as large as its true group: the same set of lines.
      if (trueSizes.get(trueId).equals(group.getValue())) {
        correctLines += group.getValue();
        correctGroups++;
      }
    }
    int parsed = 0;
    Map<String, String> normalised = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String predicted =
          normalised.computeIfAbsent(predictedTemplates.get(i), LoghubScorer::normalise);
      String truth = normalised.computeIfAbsent(trueTemplates.get(i), LoghubScorer::normalise);
      if (predicted.equals(truth)) {
        parsed++;
      }
    }
    double precision =
        predictedSizes.isEmpty() ? 0 : (double) correctGroups / predictedSizes.size();
    double recall = trueSizes.isEmpty() ? 0 : (double) correctGroups / trueSizes.size();
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new Scores(
        n,
        n == 0 ? 0 : (double) correctLines / n,
        n == 0 ? 0 : (double) parsed / n,
        f1,
        trueSizes.size(),
        predictedSizes.size(),
        correctGroups);
  }

  /**
   * A template in the form both sides are compared in: white space runs as one space, no space at
   * the ends, and wildcards joined by nothing or only by separators ({@code . : , # - _ / | ;}) as
   * one wildcard, because how many pieces a variable is cut into is not what is scored.
   */
  public static String normalise(String template) {
    String text = SPACES.matcher(template.strip()).replaceAll(" ");
    return JOINED.matcher(text).replaceAll("<*>");
  }
}
