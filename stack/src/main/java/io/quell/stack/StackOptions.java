/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Typed options of the embedded stack. A port of 0 means "any free port" (what tests use); the
 * ports actually taken are in the state file and in {@link EmbeddedStack}'s getters.
 *
 * @param dataDir everything the stack writes: Kafka logs, registry database, Elasticsearch data,
 *     log files and the state file
 * @param host address every server binds to
 * @param kafkaPort Kafka client port
 * @param kafkaControllerPort KRaft controller port
 * @param registryPort schema registry HTTP port
 * @param registryManagementPort schema registry health and metrics port
 * @param elasticsearchPort Elasticsearch HTTP port
 * @param elasticsearchTransportPort Elasticsearch transport port (bound, never used by Quell)
 * @param elasticsearchHeap Elasticsearch JVM heap, e.g. 512m
 * @param services which servers to start
 * @param distributions unpacked server distributions; null finds them (see {@link Distributions})
 * @param startTimeout how long each server may take to become ready
 */
public record StackOptions(
    Path dataDir,
    String host,
    int kafkaPort,
    int kafkaControllerPort,
    int registryPort,
    int registryManagementPort,
    int elasticsearchPort,
    int elasticsearchTransportPort,
    String elasticsearchHeap,
    Set<Service> services,
    Path distributions,
    Duration startTimeout) {

  /** The servers the stack can run. */
  public enum Service {
    KAFKA,
    SCHEMA_REGISTRY,
    ELASTICSEARCH
  }

  /** One documented option: its key (system property or CLI flag name), default and meaning. */
  public record Option(String key, String type, String defaultValue, String description) {}

  /** Every option, for the configuration reference in the docs. */
  public static final List<Option> OPTIONS =
      List.of(
          new Option("quell.stack.dir", "path", ".quell", "Directory for all stack data and logs."),
          new Option("quell.stack.host", "string", "127.0.0.1", "Address every server binds to."),
          new Option("quell.stack.kafka-port", "int", "9092", "Kafka client port (0 = any free)."),
          new Option("quell.stack.kafka-controller-port", "int", "9093", "KRaft controller port."),
          new Option("quell.stack.registry-port", "int", "8081", "Schema registry HTTP port."),
          new Option(
              "quell.stack.registry-management-port",
              "int",
              "8091",
              "Schema registry health/metrics port."),
          new Option("quell.stack.elasticsearch-port", "int", "9200", "Elasticsearch HTTP port."),
          new Option(
              "quell.stack.elasticsearch-transport-port",
              "int",
              "9300",
              "Elasticsearch transport port."),
          new Option("quell.stack.elasticsearch-heap", "size", "512m", "Elasticsearch JVM heap."),
          new Option(
              "quell.stack.services",
              "list",
              "KAFKA,SCHEMA_REGISTRY,ELASTICSEARCH",
              "Servers to start."),
          new Option(
              "quell.distributions",
              "path",
              "stack/target/distributions",
              "Unpacked Elasticsearch and Apicurio distributions."),
          new Option(
              "quell.stack.start-timeout",
              "duration (s)",
              "180",
              "How long each server may take to become ready."));

  public StackOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    services = services.isEmpty() ? EnumSet.noneOf(Service.class) : EnumSet.copyOf(services);
  }

  /** The defaults of {@code ./quell stack up}: well-known ports, data in {@code ./.quell}. */
  public static StackOptions defaults() {
    return new StackOptions(
        Path.of(".quell"),
        "127.0.0.1",
        9092,
        9093,
        8081,
        8091,
        9200,
        9300,
        "512m",
        EnumSet.allOf(Service.class),
        null,
        Duration.ofSeconds(180));
  }

  /** Free ports and data under {@code dataDir}: for tests, so that runs never collide. */
  public static StackOptions forTests(Path dataDir) {
    return defaults().withDataDir(dataDir).withFreePorts();
  }

  /** Reads options from system properties (keys of {@link #OPTIONS}) over {@code base}. */
  public static StackOptions fromSystemProperties(StackOptions base) {
    Map<String, String> p = new java.util.HashMap<>();
    System.getProperties().forEach((k, v) -> p.put(String.valueOf(k), String.valueOf(v)));
    return fromMap(base, p);
  }

  /** Reads options from a map (keys of {@link #OPTIONS}) over {@code base}. */
  public static StackOptions fromMap(StackOptions base, Map<String, String> p) {
    Set<Service> services = base.services;
    if (p.containsKey("quell.stack.services")) {
      services = EnumSet.noneOf(Service.class);
      for (String s : p.get("quell.stack.services").split(",")) {
        if (!s.isBlank()) {
          services.add(Service.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT)));
        }
      }
    }
    return new StackOptions(
        p.containsKey("quell.stack.dir") ? Path.of(p.get("quell.stack.dir")) : base.dataDir,
        p.getOrDefault("quell.stack.host", base.host),
        intOf(p, "quell.stack.kafka-port", base.kafkaPort),
        intOf(p, "quell.stack.kafka-controller-port", base.kafkaControllerPort),
        intOf(p, "quell.stack.registry-port", base.registryPort),
        intOf(p, "quell.stack.registry-management-port", base.registryManagementPort),
        intOf(p, "quell.stack.elasticsearch-port", base.elasticsearchPort),
        intOf(p, "quell.stack.elasticsearch-transport-port", base.elasticsearchTransportPort),
        p.getOrDefault("quell.stack.elasticsearch-heap", base.elasticsearchHeap),
        services,
        p.containsKey("quell.distributions")
            ? Path.of(p.get("quell.distributions"))
            : base.distributions,
        p.containsKey("quell.stack.start-timeout")
            ? Duration.ofSeconds(intOf(p, "quell.stack.start-timeout", 180))
            : base.startTimeout);
  }

  private static int intOf(Map<String, String> p, String key, int fallback) {
    String v = p.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
    }
  }

  public StackOptions withDataDir(Path dir) {
    return new StackOptions(
        dir,
        host,
        kafkaPort,
        kafkaControllerPort,
        registryPort,
        registryManagementPort,
        elasticsearchPort,
        elasticsearchTransportPort,
        elasticsearchHeap,
        services,
        distributions,
        startTimeout);
  }

  public StackOptions withServices(Set<Service> only) {
    return new StackOptions(
        dataDir,
        host,
        kafkaPort,
        kafkaControllerPort,
        registryPort,
        registryManagementPort,
        elasticsearchPort,
        elasticsearchTransportPort,
        elasticsearchHeap,
        only,
        distributions,
        startTimeout);
  }

  /** Every port 0 (any free one). */
  public StackOptions withFreePorts() {
    return new StackOptions(
        dataDir, host, 0, 0, 0, 0, 0, 0, elasticsearchHeap, services, distributions, startTimeout);
  }

  /** Replaces each port 0 by a port that is free now. */
  StackOptions resolvePorts() {
    return new StackOptions(
        dataDir,
        host,
        orFree(kafkaPort),
        orFree(kafkaControllerPort),
        orFree(registryPort),
        orFree(registryManagementPort),
        orFree(elasticsearchPort),
        orFree(elasticsearchTransportPort),
        elasticsearchHeap,
        services,
        distributions,
        startTimeout);
  }

  private static int orFree(int port) {
    return port == 0 ? Ports.free() : port;
  }
}
