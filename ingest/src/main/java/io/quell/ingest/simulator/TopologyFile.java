/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a topology from YAML:
 *
 * <pre>{@code
 * services:
 *   - name: gateway
 *     tier: gateway
 *     calls: [checkout-api]
 *   - name: checkout-api
 *     tier: api
 *     calls: [orders-db]
 *   - name: orders-db
 *     tier: database
 * }</pre>
 *
 * Unknown keys are errors, so that a misspelt key does not silently drop calls. Every error names
 * the line and the field it is about, e.g. {@code line 7, field 'tier': Unknown tier 'lambda'}.
 */
public final class TopologyFile {

  private static final List<String> SERVICE_KEYS = List.of("name", "tier", "calls");

  private TopologyFile() {}

  /**
   * Reads the topology in {@code file}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a valid topology; the message names the file,
   *     the line and the problem
   */
  public static Topology load(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Topology file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A call as written, with its line. */
  private record WrittenCall(Topology.Call call, int line) {}

  /**
   * Reads a topology from YAML text.
   *
   * @throws IllegalArgumentException when it is not a valid topology, naming the line
   */
  public static Topology parse(String yaml) {
    Node document;
    try {
      document = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new IllegalArgumentException("line " + line + ": not valid YAML: " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
    }
    if (!(document instanceof MappingNode top)) {
      throw new IllegalArgumentException(
          (document == null ? "the file is empty" : at(document) + "the file is not a mapping")
              + "; it needs a 'services' list");
    }
    SequenceNode list = null;
    for (NodeTuple tuple : top.getValue()) {
      String key = scalar(tuple.getKeyNode(), "key");
      if (!key.equals("services")) {
        throw new IllegalArgumentException(
            at(tuple.getKeyNode()) + "unknown key '" + key + "'; the file has only 'services'");
      }
      if (!(tuple.getValueNode() instanceof SequenceNode sequence)) {
        throw new IllegalArgumentException(
            at(tuple.getValueNode()) + "field 'services' must be a list of services");
      }
      list = sequence;
    }
    if (list == null) {
      throw new IllegalArgumentException("the file has no 'services' list");
    }
    List<Service> services = new ArrayList<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    List<WrittenCall> calls = new ArrayList<>();
    for (Node item : list.getValue()) {
      if (!(item instanceof MappingNode entry)) {
        throw new IllegalArgumentException(
            at(item) + "a service must be a mapping with name, tier and calls");
      }
      Map<String, NodeTuple> fields = new LinkedHashMap<>();
      for (NodeTuple tuple : entry.getValue()) {
        String key = scalar(tuple.getKeyNode(), "key");
        if (!SERVICE_KEYS.contains(key)) {
          throw new IllegalArgumentException(
              at(tuple.getKeyNode()) + "unknown field '" + key + "'; fields are " + SERVICE_KEYS);
        }
        if (fields.put(key, tuple) != null) {
          throw new IllegalArgumentException(
              at(tuple.getKeyNode()) + "field '" + key + "' appears twice");
        }
      }
      for (String required : List.of("name", "tier")) {
        if (!fields.containsKey(required)) {
          throw new IllegalArgumentException(
              at(entry)
                  + "every service needs a name and a tier; field '"
                  + required
                  + "' is missing");
        }
      }
      Node nameNode = fields.get("name").getValueNode();
      String name = scalar(nameNode, "name");
      Node tierNode = fields.get("tier").getValueNode();
      String tierText = scalar(tierNode, "tier");
      Service service;
      try {
        service = new Service(name, Tier.of(tierText));
      } catch (IllegalArgumentException e) {
        Node culprit = e.getMessage().startsWith("Unknown tier") ? tierNode : nameNode;
        throw new IllegalArgumentException(
            at(culprit, culprit == tierNode ? "tier" : "name") + e.getMessage(), e);
      }
      Integer first = lines.putIfAbsent(name, line(nameNode));
      if (first != null) {
        throw new IllegalArgumentException(
            at(nameNode, "name")
                + "service '"
                + name
                + "' appears twice (first on line "
                + first
                + ")");
      }
      services.add(service);
      NodeTuple callsField = fields.get("calls");
      if (callsField != null) {
        Node callsNode = callsField.getValueNode();
        if (!(callsNode instanceof SequenceNode callList)) {
          throw new IllegalArgumentException(
              at(callsNode, "calls")
                  + "the calls of service '"
                  + name
                  + "' must be a list of service names, e.g. [orders-db]");
        }
        for (Node callee : callList.getValue()) {
          calls.add(
              new WrittenCall(new Topology.Call(name, scalar(callee, "calls")), line(callee)));
        }
      }
    }
    Set<Topology.Call> seen = new HashSet<>();
    for (WrittenCall written : calls) {
      Topology.Call call = written.call();
      String where = "line " + written.line() + ", field 'calls': ";
      if (!lines.containsKey(call.callee())) {
        throw new IllegalArgumentException(
            where
                + "service '"
                + call.caller()
                + "' calls unknown service "
                + call.callee()
                + "; services are "
                + lines.keySet());
      }
      if (call.caller().equals(call.callee())) {
        throw new IllegalArgumentException(where + "service '" + call.caller() + "' calls itself");
      }
      if (!seen.add(call)) {
        throw new IllegalArgumentException(
            where + "service '" + call.caller() + "' calls " + call.callee() + " twice");
      }
    }
    return new Topology(services, calls.stream().map(WrittenCall::call).toList());
  }

  private static String scalar(Node node, String field) {
    if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
      throw new IllegalArgumentException(
          at(node, field) + "expected a single value, such as a name, here");
    }
    return scalar.getValue().strip();
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  private static String at(Node node) {
    return "line " + line(node) + ": ";
  }

  private static String at(Node node, String field) {
    return "line " + line(node) + ", field '" + field + "': ";
  }
}
