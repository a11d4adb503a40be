/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.loghub;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LogHub's structured CSV files ({@code <System>_2k.log_structured_corrected.csv}: LineId, the
 * header fields, Content, EventId, EventTemplate; quoted where a field holds a comma or a quote)
 * and the predicted files a parser writes ({@code LineId,EventId,EventTemplate}).
 */
public final class LoghubCsv {
  private static final CsvMapper MAPPER =
      CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

  private LoghubCsv() {}

  /** One line of a structured file: its id, its message and, when known, its true template. */
  public record Line(String lineId, String content, String eventId, String eventTemplate) {}

  /** Reads the columns LineId, Content and, when present, EventId and EventTemplate. */
  public static List<Line> readStructured(Path file) throws IOException {
    List<Line> lines = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> rows = MAPPER.readerFor(String[].class).readValues(reader)) {
      if (!rows.hasNext()) {
        throw new IOException(file + " is empty; expected a header row");
      }
      List<String> header = Arrays.asList(rows.next());
      int lineId = header.indexOf("LineId");
      int content = header.indexOf("Content");
      int eventId = header.indexOf("EventId");
      int eventTemplate = header.indexOf("EventTemplate");
      if (lineId < 0 || content < 0) {
        throw new IOException(file + ": no LineId or Content column in " + header);
      }
      int row = 1;
      while (rows.hasNext()) {
        String[] fields = rows.next();
        row++;
        if (fields.length == 1 && fields[0].isEmpty()) {
          continue;
        }
        if (fields.length < header.size()) {
          throw new IOException(
              file + " row " + row + ": " + fields.length + " fields, expected " + header.size());
        }
        lines.add(
            new Line(
                fields[lineId],
                fields[content],
                eventId < 0 ? null : fields[eventId],
                eventTemplate < 0 ? null : fields[eventTemplate]));
      }
    }
    return lines;
  }

  /** Writes {@code LineId,EventId,EventTemplate}, quoting where needed. */
  public static void writePredicted(
      Path file, List<String> lineIds, List<String> eventIds, List<String> templates)
      throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        SequenceWriter out =
            MAPPER
                .writerFor(String[].class)
                .with(CsvSchema.emptySchema())
                .without(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS)
                .writeValues(writer)) {
      out.write(new String[] {"LineId", "EventId", "EventTemplate"});
      for (int i = 0; i < lineIds.size(); i++) {
        out.write(new String[] {lineIds.get(i), eventIds.get(i), templates.get(i)});
      }
    }
  }
}
