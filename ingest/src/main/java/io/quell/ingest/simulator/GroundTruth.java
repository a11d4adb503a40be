/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the simulator injected, for scoring detection and root-cause ranking: one record per fault,
 * the value on {@code quell.ground-truth} (keyed by fault id) and the entries of the ground truth
 * file (a JSON array). Times are ISO-8601 UTC event times.
 *
 * <pre>{@code
 * {"id":"fault-1","kind":"slowdown","rootService":"orders-db",
 *  "affectedServices":["orders-db","checkout-api","gateway"],
 *  "start":"2026-03-01T08:06:00Z","end":"2026-03-01T08:11:00Z",
 *  "description":"...","planned":false,
 *  "impacts":[{"service":"orders-db","hops":0,"start":"...","end":"...","intensity":1.0}, ...]}
 * }</pre>
 *
 * @param id fault id
 * @param kind fault kind id
 * @param rootService where the fault started: the answer root-cause ranking should give
 * @param affectedServices the root and every service the fault reached, root first
 * @param start when the fault started at the root
 * @param end when it ended at the root
 * @param description one sentence for people
 * @param impacts per affected service: its distance from the root, when it felt the fault and how
 *     strongly
 * @param planned whether this was planned work (a maintenance window) rather than a failure: an
 *     alert on it is expected, and suppressing it is right
 */
public record GroundTruth(
    String id,
    String kind,
    String rootService,
    List<String> affectedServices,
    Instant start,
    Instant end,
    String description,
    List<AffectedService> impacts,
    boolean planned) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  /**
   * One service reached by a fault.
   *
   * @param service the service
   * @param hops calls between it and the root (0 for the root)
   * @param start when it began to feel the fault
   * @param end when it recovered
   * @param intensity strength of the fault there, 0 to 1
   */
  public record AffectedService(
      String service, int hops, Instant start, Instant end, double intensity) {}

  public GroundTruth {
    Objects.requireNonNull(id, "id");
    affectedServices = List.copyOf(affectedServices);
    impacts = List.copyOf(impacts);
  }

  /** The record as compact JSON (UTF-8), the value on quell.ground-truth. */
  public byte[] toJson() {
    try {
      return COMPACT.writeValueAsBytes(toTree());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a record written by {@link #toJson()}. */
  public static GroundTruth fromJson(byte[] json) {
    try {
      return fromTree(COMPACT.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException("Not a ground truth record: " + e.getMessage(), e);
    }
  }

  /** Writes {@code truths} to {@code file} as an indented JSON array. */
  public static void writeFile(Path file, List<GroundTruth> truths) throws IOException {
    ArrayNode array = JSON.createArrayNode();
    truths.forEach(truth -> array.add(truth.toTree()));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, JSON.writeValueAsBytes(array));
  }

  /** Reads a file written by {@link #writeFile}. */
  public static List<GroundTruth> readFile(Path file) throws IOException {
    List<GroundTruth> truths = new ArrayList<>();
    for (JsonNode node : JSON.readTree(file.toFile())) {
      truths.add(fromTree(node));
    }
    return truths;
  }

  private ObjectNode toTree() {
    ObjectNode node = COMPACT.createObjectNode();
    node.put("id", id);
    node.put("kind", kind);
    node.put("rootService", rootService);
    ArrayNode affected = node.putArray("affectedServices");
    affectedServices.forEach(affected::add);
    node.put("start", start.toString());
    node.put("end", end.toString());
    node.put("description", description);
    node.put("planned", planned);
    ArrayNode list = node.putArray("impacts");
    for (AffectedService impact : impacts) {
      ObjectNode item = list.addObject();
      item.put("service", impact.service());
      item.put("hops", impact.hops());
      item.put("start", impact.start().toString());
      item.put("end", impact.end().toString());
      item.put("intensity", impact.intensity());
    }
    return node;
  }

  private static GroundTruth fromTree(JsonNode node) {
    List<String> affected = new ArrayList<>();
    node.path("affectedServices").forEach(item -> affected.add(item.asText()));
    List<AffectedService> impacts = new ArrayList<>();
    for (JsonNode item : node.path("impacts")) {
      impacts.add(
          new AffectedService(
              item.path("service").asText(),
              item.path("hops").asInt(),
              Instant.parse(item.path("start").asText()),
              Instant.parse(item.path("end").asText()),
              item.path("intensity").asDouble()));
    }
    return new GroundTruth(
        node.path("id").asText(),
        node.path("kind").asText(),
        node.path("rootService").asText(),
        affected,
        Instant.parse(node.path("start").asText()),
        Instant.parse(node.path("end").asText()),
        node.path("description").asText(),
        impacts,
        node.path("planned").asBoolean(false));
  }
}
