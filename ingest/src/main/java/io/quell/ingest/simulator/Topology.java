/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.schemas.avro.TopologyEdge;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Services and who calls whom. A call edge {@code caller -> callee} means that the caller depends
 * on the callee, so trouble at the callee reaches the caller. Immutable.
 */
public final class Topology {

  /**
   * A dependency: {@code caller} uses {@code callee}.
   *
   * @param caller the depending service
   * @param callee the service depended on
   */
  public record Call(String caller, String callee) {
    public Call {
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(callee, "callee");
    }
  }

  private final List<Service> services;
  private final List<Call> calls;
  private final Map<String, Service> byName;
  private final Map<String, List<String>> callers;

  /**
   * @throws IllegalArgumentException for duplicate service names, calls to or from unknown
   *     services, a service calling itself, or the same call twice
   */
  public Topology(List<Service> services, List<Call> calls) {
    this.services = List.copyOf(services);
    this.calls = List.copyOf(calls);
    Map<String, Service> names = new LinkedHashMap<>();
    for (Service service : this.services) {
      if (names.put(service.name(), service) != null) {
        throw new IllegalArgumentException("Service '" + service.name() + "' appears twice");
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("A topology needs at least one service");
    }
    this.byName = Collections.unmodifiableMap(names);
    Map<String, List<String>> callersOf = new LinkedHashMap<>();
    Set<Call> seen = new HashSet<>();
    for (Call call : this.calls) {
      for (String end : List.of(call.caller(), call.callee())) {
        if (!names.containsKey(end)) {
          throw new IllegalArgumentException(
              "Call " + call.caller() + " -> " + call.callee() + " names unknown service " + end);
        }
      }
      if (call.caller().equals(call.callee())) {
        throw new IllegalArgumentException("Service '" + call.caller() + "' calls itself");
      }
      if (!seen.add(call)) {
        throw new IllegalArgumentException(
            "Call " + call.caller() + " -> " + call.callee() + " appears twice");
      }
      callersOf.computeIfAbsent(call.callee(), k -> new ArrayList<>()).add(call.caller());
    }
    this.callers = callersOf;
  }

  /** The services in their declared order. */
  public List<Service> services() {
    return services;
  }

  public List<Call> calls() {
    return calls;
  }

  /** The service called {@code name}. */
  public Service service(String name) {
    Service service = byName.get(name);
    if (service == null) {
      throw new IllegalArgumentException(
          "No service '" + name + "'; services are " + byName.keySet());
    }
    return service;
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** The services that call {@code name} directly. */
  public List<String> callersOf(String name) {
    service(name);
    return List.copyOf(callers.getOrDefault(name, List.of()));
  }

  /**
   * Every service that depends on {@code name}, directly or through others, with the fewest calls
   * between them (1 for a direct caller); {@code name} itself is not included. Ordered by distance,
   * then by declaration order.
   */
  public Map<String, Integer> transitiveCallers(String name) {
    service(name);
    Map<String, Integer> hops = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(name);
    Map<String, Integer> distance = new LinkedHashMap<>();
    distance.put(name, 0);
    while (!queue.isEmpty()) {
      String current = queue.poll();
      int next = distance.get(current) + 1;
      for (String caller : callers.getOrDefault(current, List.of())) {
        if (!distance.containsKey(caller)) {
          distance.put(caller, next);
          hops.put(caller, next);
          queue.add(caller);
        }
      }
    }
    return Collections.unmodifiableMap(hops);
  }

  /** The edges as they go to the quell.topology topic. */
  public List<TopologyEdge> edges() {
    List<TopologyEdge> edges = new ArrayList<>(calls.size());
    for (Call call : calls) {
      edges.add(
          TopologyEdge.newBuilder()
              .setCaller(call.caller())
              .setCallee(call.callee())
              .setKind(service(call.callee()).tier().calledAs())
              .setWeight(null)
              .build());
    }
    return edges;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Topology that
        && services.equals(that.services)
        && calls.equals(that.calls);
  }

  @Override
  public int hashCode() {
    return services.hashCode() * 31 + calls.hashCode();
  }

  @Override
  public String toString() {
    return "Topology[" + services.size() + " services, " + calls.size() + " calls]";
  }
}
