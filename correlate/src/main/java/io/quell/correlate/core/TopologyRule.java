/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.topic.RecordKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An alert joins an incident when its service and a service of the incident are connected in the
 * topology by at most {@code maxHops} edges, in either direction and through services with or
 * without alerts of their own. A direct edge is the strongest: the alert's service calling a
 * member's service ranks higher than being called by it (faults spread from a dependency to its
 * callers); longer paths are weaker, one step per edge (see {@link JoinMatch#hops}).
 *
 * <p>The match records the path (services in order) and its edges in words. Among members at the
 * same distance the first in join order wins; among paths of the same length the one through the
 * smallest edge keys, so the answer never depends on the order the topology lists its edges in.
 */
public final class TopologyRule implements JoinRule {

  private static final Comparator<TopologyEdge> BY_KEY =
      Comparator.comparing(RecordKeys::topologyEdge);

  private final int maxHops;

  /** Direct edges only. */
  public TopologyRule() {
    this(1);
  }

  /**
   * @param maxHops the most edges between two related services, at least 1
   */
  public TopologyRule(int maxHops) {
    if (maxHops < 1) {
      throw new IllegalArgumentException("maxHops must be at least 1 but is " + maxHops);
    }
    this.maxHops = maxHops;
  }

  @Override
  public Optional<JoinMatch> match(
      Alert alert, String groupKey, IncidentState incident, Topology topology) {
    String service = alert.getService();
    if (service == null) {
      return Optional.empty();
    }
    JoinMatch direct = direct(service, incident, topology);
    if (direct != null || maxHops == 1) {
      return Optional.ofNullable(direct);
    }
    return Optional.ofNullable(farther(service, incident, topology));
  }

  private static JoinMatch direct(String service, IncidentState incident, Topology topology) {
    JoinMatch best = null;
    for (MemberState member : incident.members) {
      if (member.service == null || member.service.equals(service)) {
        continue;
      }
      Optional<TopologyEdge> calls = topology.edge(service, member.service);
      if (calls.isPresent()) {
        // The first member in join order wins among equals: stable and explainable.
        if (best == null || best.strength() < JoinMatch.CALLS_MEMBER) {
          best = match(JoinMatch.CALLS_MEMBER, member, List.of(calls.get()), service);
        }
        continue;
      }
      Optional<TopologyEdge> calledBy = topology.edge(member.service, service);
      if (calledBy.isPresent() && best == null) {
        best = match(JoinMatch.CALLED_BY_MEMBER, member, List.of(calledBy.get()), service);
      }
    }
    return best;
  }

  /** The nearest member two to {@code maxHops} edges away, by a breadth-first walk. */
  private JoinMatch farther(String service, IncidentState incident, Topology topology) {
    Map<String, List<MemberState>> membersByService = new HashMap<>();
    for (MemberState member : incident.members) {
      if (member.service != null && !member.service.equals(service)) {
        membersByService.computeIfAbsent(member.service, k -> new ArrayList<>()).add(member);
      }
    }
    if (membersByService.isEmpty()) {
      return null;
    }
    Map<String, TopologyEdge> reachedBy = new HashMap<>();
    Map<String, Integer> distance = new HashMap<>(Map.of(service, 0));
    Deque<String> queue = new ArrayDeque<>(List.of(service));
    MemberState found = null;
    int foundAt = Integer.MAX_VALUE;
    while (!queue.isEmpty()) {
      String at = queue.poll();
      int hops = distance.get(at);
      if (hops >= maxHops || hops >= foundAt) {
        continue;
      }
      List<TopologyEdge> edges = new ArrayList<>(topology.edgesOf(at));
      edges.sort(BY_KEY);
      for (TopologyEdge edge : edges) {
        String next = edge.getCaller().equals(at) ? edge.getCallee() : edge.getCaller();
        if (distance.containsKey(next)) {
          continue;
        }
        distance.put(next, hops + 1);
        reachedBy.put(next, edge);
        queue.add(next);
        List<MemberState> there = membersByService.get(next);
        if (there != null) {
          MemberState first = there.get(0);
          if (found == null
              || hops + 1 < foundAt
              || incident.members.indexOf(first) < incident.members.indexOf(found)) {
            found = first;
            foundAt = hops + 1;
          }
        }
      }
    }
    if (found == null || foundAt < 2) {
      return null;
    }
    List<TopologyEdge> path = new ArrayList<>();
    String at = found.service;
    while (!at.equals(service)) {
      TopologyEdge edge = reachedBy.get(at);
      path.add(edge);
      at = edge.getCaller().equals(at) ? edge.getCallee() : edge.getCaller();
    }
    Collections.reverse(path);
    return match(JoinMatch.hops(foundAt), found, path, service);
  }

  private static JoinMatch match(
      int strength, MemberState member, List<TopologyEdge> edges, String from) {
    List<String> services = new ArrayList<>(List.of(from));
    List<String> words = new ArrayList<>();
    String at = from;
    for (TopologyEdge edge : edges) {
      at = edge.getCaller().equals(at) ? edge.getCallee() : edge.getCaller();
      services.add(at);
      words.add(describe(edge));
    }
    return new JoinMatch(
        JoinRuleKind.TOPOLOGY,
        strength,
        member.fingerprint,
        String.join(", ", words),
        services,
        Map.of(),
        null);
  }

  static String describe(TopologyEdge edge) {
    return edge.getCaller() + " calls " + edge.getCallee() + " (" + edge.getKind() + ")";
  }
}
