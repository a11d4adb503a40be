/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.loghub;

import io.quell.detect.core.logs.template.TemplateMatch;
import io.quell.detect.core.logs.template.TemplateMerger;
import io.quell.detect.core.logs.template.TemplateMiner;
import io.quell.detect.core.logs.template.TemplateSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the template miner over LogHub systems ({@code <dir>/<System>/<System>_2k.log_structured_
 * corrected.csv}), one fresh miner per system, all with the same settings, then the merge pass;
 * writes {@code <out>/<System>/<System>_2k.log_predicted.csv} and scores every system against its
 * ground truth. Nothing but the Content column reaches the miner.
 */
public final class LoghubEvaluation {
  static final String STRUCTURED = "_2k.log_structured_corrected.csv";
  static final String PREDICTED = "_2k.log_predicted.csv";

  private LoghubEvaluation() {}

  /** The result of one system. */
  public record SystemResult(
      String system, LoghubScorer.Scores scores, int minedTemplates, long nanos) {}

  /** A parse of one file: for each line, its group id and the group's final template. */
  public record Parse(List<String> ids, List<String> templates, int minedTemplates) {}

  /**
   * The systems under {@code dir}: folders holding {@code
   * <name>/<name>_2k.log_structured_corrected.csv}.
   */
  public static List<String> systems(Path dir) throws IOException {
    try (Stream<Path> folders = Files.list(dir)) {
      return folders
          .filter(f -> Files.isRegularFile(f.resolve(f.getFileName() + STRUCTURED)))
          .map(f -> f.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  /** Mines the messages in order, then merges; the templates are the final ones of each group. */
  public static Parse parse(List<String> messages, TemplateSettings settings) {
    TemplateMiner miner = new TemplateMiner(settings);
    List<String> mined = new ArrayList<>(messages.size());
    for (String message : messages) {
      TemplateMatch match = miner.mine(message);
      mined.add(match.templateId());
    }
    Map<String, TemplateMerger.Group> groups = TemplateMerger.merge(miner.templates());
    List<String> ids = new ArrayList<>(messages.size());
    List<String> templates = new ArrayList<>(messages.size());
    for (String id : mined) {
      TemplateMerger.Group group = groups.get(id);
      ids.add(group.id());
      templates.add(group.template());
    }
    return new Parse(ids, templates, miner.templates().size());
  }

  /** Parses and scores every system under {@code dir}, writing predictions under {@code out}. */
  public static List<SystemResult> run(
      Path dir, Path out, TemplateSettings settings, Consumer<String> progress) throws IOException {
    List<SystemResult> results = new ArrayList<>();
    List<String> systems = systems(dir);
    if (systems.isEmpty()) {
      throw new IOException("No <System>/<System>" + STRUCTURED + " under " + dir);
    }
    for (String system : systems) {
      List<LoghubCsv.Line> lines =
          LoghubCsv.readStructured(dir.resolve(system).resolve(system + STRUCTURED));
      List<String> messages = lines.stream().map(LoghubCsv.Line::content).toList();
      long start = System.nanoTime();
      Parse parse = parse(messages, settings);
      long nanos = System.nanoTime() - start;
      if (out != null) {
        LoghubCsv.writePredicted(
            out.resolve(system).resolve(system + PREDICTED),
            lines.stream().map(LoghubCsv.Line::lineId).toList(),
            parse.ids(),
            parse.templates());
      }
      LoghubScorer.Scores scores =
          LoghubScorer.score(
              lines.stream().map(LoghubCsv.Line::eventId).toList(),
              lines.stream().map(LoghubCsv.Line::eventTemplate).toList(),
              parse.ids(),
              parse.templates());
      SystemResult result = new SystemResult(system, scores, parse.minedTemplates(), nanos);
      results.add(result);
      progress.accept(
          String.format(
              "%-10s GA %.3f  PA %.3f  FGA %.3f  (%d lines, %d true templates, %d groups, %d mined)",
              system,
              scores.groupingAccuracy(),
              scores.parsingAccuracy(),
              scores.groupF1(),
              scores.lines(),
              scores.trueGroups(),
              scores.predictedGroups(),
              parse.minedTemplates()));
    }
    return results;
  }

  /** The mean of a score over the systems. */
  public static double mean(
      List<SystemResult> results, java.util.function.ToDoubleFunction<LoghubScorer.Scores> score) {
    return results.stream().mapToDouble(r -> score.applyAsDouble(r.scores())).average().orElse(0);
  }
}
