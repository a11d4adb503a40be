/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.eval.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A NAB cost profile: what a detected window earns, what a false positive and a missed window cost.
 *
 * @param name for example {@code standard}
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

  /** NAB v1.1's three profiles, in its order. */
  public static List<NabProfile> nabV11() {
    return List.of(
        new NabProfile("standard", 1.0, 0.11, 1.0),
        new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0),
        new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0));
  }

  /** Profiles from a NAB {@code profiles.json}: {@code {name: {CostMatrix: {tpWeight...}}}}. */
  public static List<NabProfile> read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<NabProfile> profiles = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      JsonNode costs = entry.getValue().path("CostMatrix");
      profiles.add(
          new NabProfile(
              entry.getKey(),
              weight(file, entry.getKey(), costs, "tpWeight"),
              weight(file, entry.getKey(), costs, "fpWeight"),
              weight(file, entry.getKey(), costs, "fnWeight")));
    }
    return profiles;
  }

  private static double weight(Path file, String profile, JsonNode costs, String field) {
    JsonNode value = costs.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException(
          file + ": profile " + profile + " has no numeric CostMatrix." + field);
    }
    return value.asDouble();
  }
}
