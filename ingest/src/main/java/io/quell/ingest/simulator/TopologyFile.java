/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 * Unknown keys are errors, so that a misspelt key does not silently drop calls.
 */
public final class TopologyFile {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private TopologyFile() {}

  /** The file's layout. */
  static final class Document {
    @JsonProperty(required = true)
    public List<Entry> services;
  }

  /** One service of the file. */
  static final class Entry {
    @JsonProperty(required = true)
    public String name;

    @JsonProperty(required = true)
    public String tier;

    public List<String> calls = List.of();
  }

  /**
   * Reads the topology in {@code file}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a valid topology; the message names the file
   *     and the problem
   */
  public static Topology load(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Topology file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a topology from YAML text. */
  public static Topology parse(String yaml) {
    Document document;
    try {
      document = YAML.readValue(yaml, Document.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (document == null || document.services == null) {
      throw new IllegalArgumentException("the file has no 'services' list");
    }
    List<Service> services = new ArrayList<>();
    List<Topology.Call> calls = new ArrayList<>();
    for (Entry entry : document.services) {
      if (entry == null || entry.name == null || entry.tier == null) {
        throw new IllegalArgumentException("every service needs a name and a tier");
      }
      services.add(new Service(entry.name, Tier.of(entry.tier)));
      for (String callee : entry.calls == null ? List.<String>of() : entry.calls) {
        calls.add(new Topology.Call(entry.name, callee));
      }
    }
    return new Topology(services, calls);
  }
}
