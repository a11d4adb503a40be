/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.nab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * NAB's CSV files: data ({@code timestamp,value}) and results ({@code timestamp,anomaly_score}),
 * timestamps as {@code YYYY-MM-DD HH:MM:SS} with optional fractional seconds.
 */
public final class NabCsv {
  /** {@code 2014-04-10 07:15:00} or {@code 2014-04-10 07:15:00.000000}. */
  static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private static final DateTimeFormatter WRITTEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** The rows of one file, in file order. */
  public record Series(List<LocalDateTime> timestamps, double[] values) {
    public int size() {
      return timestamps.size();
    }
  }

  private NabCsv() {}

  public static LocalDateTime parseTimestamp(String text) {
    return LocalDateTime.parse(text.strip(), TIMESTAMP);
  }

  /** Reads a two-column CSV with a header; the second column is the value or the score. */
  public static Series read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IOException(file + " is empty; expected a header and rows");
    }
    List<LocalDateTime> timestamps = new ArrayList<>(lines.size());
    double[] values = new double[lines.size() - 1];
    int rows = 0;
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank()) {
        continue;
      }
      int comma = line.indexOf(',');
      if (comma < 0) {
        throw new IOException(file + " line " + (n + 1) + ": expected 'timestamp,value'");
      }
      try {
        timestamps.add(parseTimestamp(line.substring(0, comma)));
        values[rows++] = Double.parseDouble(line.substring(comma + 1).strip());
      } catch (DateTimeParseException | NumberFormatException e) {
        throw new IOException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
      }
    }
    return new Series(timestamps, Arrays.copyOf(values, rows));
  }

  /**
   * The results of every labelled file under {@code dir}, laid out as {@code <category>/<file>.csv}
   * with columns {@code timestamp,anomaly_score}.
   *
   * @throws IOException when a labelled file has no results file or one is malformed
   */
  public static Map<String, NabScorer.FileScores> readResults(Path dir, NabLabels labels)
      throws IOException {
    Map<String, NabScorer.FileScores> results = new TreeMap<>();
    for (String file : labels.files()) {
      Path path = dir.resolve(file);
      if (!Files.isRegularFile(path)) {
        throw new IOException("No results for " + file + ": " + path + " is missing");
      }
      Series series = read(path);
      results.put(file, new NabScorer.FileScores(series.timestamps(), series.values()));
    }
    return results;
  }

  /** Writes a results file: {@code timestamp,anomaly_score}. */
  public static void writeScores(Path file, List<LocalDateTime> timestamps, double[] scores)
      throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("timestamp,anomaly_score\n");
      for (int i = 0; i < timestamps.size(); i++) {
        out.write(WRITTEN.format(timestamps.get(i)));
        out.write(',');
        out.write(Double.toString(scores[i]));
        out.write('\n');
      }
    }
  }
}
