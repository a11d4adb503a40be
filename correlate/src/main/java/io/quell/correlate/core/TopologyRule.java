/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.topic.RecordKeys;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An alert joins an incident when its service and a service of the incident are connected in the
 * topology by at most {@code maxHops} edges, in either direction and through services with or
 * without alerts of their own. A direct edge is the strongest: the alert's service calling a
 * member's service ranks higher than being called by it (faults spread from a dependency to its
 * callers); longer paths are weaker, one step per edge (see {@link JoinMatch#hops}).
 *
 * <p>Direction also matters with time. A dependency of the incident's services (a service they
 * call, directly or through a chain of calls) relates only while the alert starts within the cause
 * window after the incident's first alert ({@link CorrelationSettings#withinCauseWindow}): early,
 * it may be the cause whose own alerts lag; later, a dependency that starts failing is a new fault,
 * which the incident's fault cannot explain. After the window only callers relate, and farther
 * paths must run through calls towards the incident's services.
 *
 * <p>The match records the path (services in order) and its edges in words. Among members at the
 * same distance the first in join order wins; among paths of the same length the one through the
 * smallest edge keys, so the answer never depends on the order the topology lists its edges in.
 */
public final class TopologyRule implements JoinRule {

  private static final Comparator<TopologyEdge> BY_KEY =
      Comparator.comparing(RecordKeys::topologyEdge);

  private final int maxHops;
  private final CorrelationSettings settings;

  /** Direct edges only, dependencies related at any age. */
  public TopologyRule() {
    this(1);
  }

  /**
   * @param maxHops the most edges between two related services, at least 1; dependencies are
   *     related at any age
   */
  public TopologyRule(int maxHops) {
    this(maxHops, CorrelationSettings.defaults().withCauseWindow(Duration.ZERO));
  }

  /**
   * @param maxHops the most edges between two related services, at least 1
   * @param settings whose cause window limits when dependencies relate
   */
  public TopologyRule(int maxHops, CorrelationSettings settings) {
    if (maxHops < 1) {
      throw new IllegalArgumentException("maxHops must be at least 1 but is " + maxHops);
    }
    this.maxHops = maxHops;
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public Optional<JoinMatch> match(
      Alert alert, String groupKey, IncidentState incident, Topology topology) {
    String service = alert.getService();
    if (service == null) {
      return Optional.empty();
    }
    boolean causes =
        settings.withinCauseWindow(incident.firstSeen, alert.getStartsAt().toEpochMilli());
    JoinMatch direct = direct(service, incident, topology, causes);
    if (direct != null || maxHops == 1) {
      return Optional.ofNullable(direct);
    }
    return Optional.ofNullable(farther(service, incident, topology, causes));
  }

  /**
   * @param causes whether a dependency of a member relates (within the cause window)
   */
  private static JoinMatch direct(
      String service, IncidentState incident, Topology topology, boolean causes) {
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
      Optional<TopologyEdge> calledBy =
          causes ? topology.edge(member.service, service) : Optional.empty();
      if (calledBy.isPresent() && best == null) {
        best = match(JoinMatch.CALLED_BY_MEMBER, member, List.of(calledBy.get()), service);
      }
    }
    return best;
  }

  /**
   * The nearest member two to {@code maxHops} edges away, by a breadth-first walk: over edges in
   * either direction while dependencies relate ({@code causes}), else only along calls (the alert's
   * service calls towards the member's).
   */
  private JoinMatch farther(
      String service, IncidentState incident, Topology topology, boolean causes) {
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
        if (!causes && !edge.getCaller().equals(at)) {
          continue;
        }
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
    // A dependency of the member: every edge, walked from the alert's service, is a call to it.
    boolean dependency = true;
    for (TopologyEdge edge : edges) {
      dependency &= edge.getCallee().equals(at);
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
        null,
        dependency);
  }

  static String describe(TopologyEdge edge) {
    return edge.getCaller() + " calls " + edge.getCallee() + " (" + edge.getKind() + ")";
  }
}
