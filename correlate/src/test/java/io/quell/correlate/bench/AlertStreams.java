/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.bench;

import io.quell.correlate.core.AlertTimes;
import io.quell.correlate.core.InMemoryTopology;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deterministic alert streams for the correlator benchmarks: a layered call graph of services and
 * alerts batched by event time, as the Flink operator hands them over.
 */
final class AlertStreams {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private static final String[] NAMES = {"HighErrorRate", "HighLatency", "LogAnomaly"};

  private AlertStreams() {}

  /** Alerts batched by their event time, in time order. */
  record Stream(InMemoryTopology topology, TreeMap<Long, List<Alert>> batches, int records) {}

  /**
   * {@code services} services in layers of 20; each service calls three of the next layer (the last
   * layer calls nothing). Service {@code s<i>} is in layer {@code i / 20}.
   */
  static InMemoryTopology layeredTopology(int services, Random random) {
    InMemoryTopology topology = new InMemoryTopology();
    EdgeKind[] kinds = EdgeKind.values();
    for (int i = 0; i < services; i++) {
      int nextLayer = (i / 20 + 1) * 20;
      if (nextLayer >= services) {
        continue;
      }
      Set<Integer> callees = new LinkedHashSet<>();
      while (callees.size() < 3) {
        callees.add(nextLayer + random.nextInt(Math.min(20, services - nextLayer)));
      }
      for (int callee : callees) {
        topology.put(service(i), service(callee), kinds[random.nextInt(kinds.length)]);
      }
    }
    return topology;
  }

  /**
   * A storm: {@code faults} faults at services deep in the graph, a minute apart, each raising
   * alerts at the faulty service and at its callers up to three calls away (each alert firing again
   * every 30 s for 10 minutes, then resolving), plus scattered noise alerts that fire once and
   * resolve five minutes later.
   */
  static Stream storm(int services, int faults, int noise, long seed) {
    Random random = new Random(seed);
    InMemoryTopology topology = layeredTopology(services, random);
    Map<String, List<String>> callers = callers(topology, services);
    TreeMap<Long, List<Alert>> batches = new TreeMap<>();
    int records = 0;
    int layers = services / 20;
    for (int fault = 0; fault < faults; fault++) {
      int layer = layers - 1 - random.nextInt(Math.max(1, layers / 3));
      String root = service(layer * 20 + random.nextInt(20));
      long start = T0.toEpochMilli() + fault * 60_000L;
      List<String> affected = new ArrayList<>(List.of(root));
      Set<String> seen = new LinkedHashSet<>(affected);
      List<String> frontier = affected;
      for (int hop = 0; hop < 3; hop++) {
        List<String> next = new ArrayList<>();
        for (String service : frontier) {
          for (String caller : callers.getOrDefault(service, List.of())) {
            if (seen.add(caller)) {
              next.add(caller);
            }
          }
        }
        frontier = next;
      }
      int distance = 0;
      for (String service : seen) {
        int names = service.equals(root) ? NAMES.length : 1 + random.nextInt(NAMES.length);
        for (int n = 0; n < names; n++) {
          long startsAt = start + 5_000L * Math.min(distance, 12) + random.nextInt(5) * 1_000L;
          records +=
              firing(
                  batches,
                  "f" + fault + "-" + service + "-" + NAMES[n],
                  NAMES[n],
                  service,
                  startsAt,
                  20,
                  30_000L,
                  random);
        }
        distance++;
      }
    }
    for (int i = 0; i < noise; i++) {
      String service = service(random.nextInt(services));
      long startsAt = T0.toEpochMilli() + random.nextInt(30 * 60) * 1_000L;
      records += firing(batches, "noise-" + i, "CpuSaturation", service, startsAt, 1, 0, random);
    }
    return new Stream(topology, batches, records);
  }

  /**
   * A steady state: {@code alerts} alerts on the callers of a few failing services, all firing
   * within the first minute and then firing again every 30 s for {@code minutes}, so that nearly
   * every record is a repeat; they resolve at the end.
   */
  static Stream steady(int services, int alerts, int minutes, long seed) {
    Random random = new Random(seed);
    InMemoryTopology topology = layeredTopology(services, random);
    TreeMap<Long, List<Alert>> batches = new TreeMap<>();
    int records = 0;
    int repeats = minutes * 2;
    for (int i = 0; i < alerts; i++) {
      String service = service(services - 20 - 1 - random.nextInt(60));
      String name = NAMES[i % NAMES.length];
      long startsAt = T0.toEpochMilli() + random.nextInt(60) * 1_000L;
      records +=
          firing(
              batches, "s" + i + "-" + service, name, service, startsAt, repeats, 30_000L, random);
    }
    return new Stream(topology, batches, records);
  }

  /**
   * Adds an alert firing at {@code startsAt}, then {@code repeats - 1} more times {@code every}
   * apart, and its resolution 5 minutes after the last.
   *
   * @return how many records were added
   */
  private static int firing(
      TreeMap<Long, List<Alert>> batches,
      String fingerprint,
      String name,
      String service,
      long startsAt,
      int repeats,
      long every,
      Random random) {
    Map<String, String> labels = new HashMap<>();
    labels.put("alertname", name);
    labels.put("service", service);
    labels.put("env", "prod");
    Alert first =
        Alert.newBuilder()
            .setFingerprint(fingerprint)
            .setName(name)
            .setSource("bench")
            .setStatus(AlertStatus.FIRING)
            .setSeverity(random.nextInt(4) == 0 ? Severity.CRITICAL : Severity.WARNING)
            .setService(service)
            .setLabels(labels)
            .setAnnotations(Map.of())
            .setScore(0.5 + random.nextDouble() / 2)
            .setStartsAt(Instant.ofEpochMilli(startsAt))
            .build();
    add(batches, first);
    for (int r = 1; r < repeats; r++) {
      // Repeats keep their start; they are heard at the time they are sent.
      add(batches, startsAt + r * every, first);
    }
    long endsAt = startsAt + Math.max(0, repeats - 1) * every + 300_000L;
    add(
        batches,
        Alert.newBuilder(first)
            .setStatus(AlertStatus.RESOLVED)
            .setEndsAt(Instant.ofEpochMilli(endsAt))
            .build());
    return repeats + 1;
  }

  private static void add(TreeMap<Long, List<Alert>> batches, Alert alert) {
    add(batches, AlertTimes.eventTime(alert), alert);
  }

  private static void add(TreeMap<Long, List<Alert>> batches, long at, Alert alert) {
    batches.computeIfAbsent(at, t -> new ArrayList<>()).add(alert);
  }

  private static Map<String, List<String>> callers(InMemoryTopology topology, int services) {
    Map<String, List<String>> callers = new HashMap<>();
    for (int i = 0; i < services; i++) {
      String callee = service(i);
      topology.edgesOf(callee).stream()
          .filter(edge -> edge.getCallee().equals(callee))
          .forEach(
              edge ->
                  callers.computeIfAbsent(callee, k -> new ArrayList<>()).add(edge.getCaller()));
    }
    return callers;
  }

  static String service(int i) {
    return String.format("s%03d", i);
  }
}
