/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** NAB's anomaly windows per file ({@code combined_windows.json} / {@code windows.json}). */
public final class NabLabels {
  /** One labelled window, both ends included. */
  public record Window(LocalDateTime start, LocalDateTime end) {}

  private final Map<String, List<Window>> windows;

  public NabLabels(Map<String, List<Window>> windows) {
    this.windows = new TreeMap<>(windows);
  }

  /** Reads {@code {"<category>/<file>.csv": [[start, end], ...]}}. */
  public static NabLabels read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    Map<String, List<Window>> windows = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      List<Window> list = new ArrayList<>();
      for (JsonNode pair : entry.getValue()) {
        if (!pair.isArray() || pair.size() != 2) {
          throw new IOException(
              file + ": every window of " + entry.getKey() + " must be [start, end]");
        }
        list.add(
            new Window(
                NabCsv.parseTimestamp(pair.get(0).asText()),
                NabCsv.parseTimestamp(pair.get(1).asText())));
      }
      windows.put(entry.getKey(), List.copyOf(list));
    }
    return new NabLabels(windows);
  }

  /** The labelled files, as {@code <category>/<file>.csv}, sorted. */
  public List<String> files() {
    return List.copyOf(windows.keySet());
  }

  public List<Window> windows(String file) {
    List<Window> list = windows.get(file);
    if (list == null) {
      throw new IllegalArgumentException("No labels for " + file);
    }
    return list;
  }

  public int windowCount() {
    return windows.values().stream().mapToInt(List::size).sum();
  }
}
