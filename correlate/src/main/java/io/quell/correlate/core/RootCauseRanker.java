/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Ranks the affected services of an incident by how likely each is the root cause.
 *
 * <p>Faults spread from a dependency to its callers: if A calls B and both are affected, B is the
 * more likely cause. So a service scores by the number {@code d} of other affected services that
 * depend on it, directly or through other affected services, plus how early its first alert came,
 * {@code e} (1 for the earliest, 0 for the latest, linear in between), worth {@value
 * #EARLINESS_WEIGHT} of a dependent:
 *
 * <pre>score = (d + 0.5 e) / (n - 1 + 0.5)</pre>
 *
 * <p>where {@code n} is the number of affected services (a lone service scores 1). Since earliness
 * is worth less than one dependent, a service with more dependents always ranks higher, and
 * earliness decides between services with as many. Scores lie in [0, 1], rounded to three decimals;
 * exact ties go to the earlier first alert, then to the name.
 */
public final class RootCauseRanker {

  /** What the earliest first alert is worth, in dependents; below 1 so dependency dominates. */
  static final double EARLINESS_WEIGHT = 0.5;

  /** How many candidates an incident lists. */
  public static final int MAX_CANDIDATES = 5;

  private static final int MAX_NAMES_IN_EVIDENCE = 3;

  private RootCauseRanker() {}

  /** The candidates of {@code incident}, best first; empty when no member has a service. */
  public static List<RootCause> rank(IncidentState incident, Topology topology) {
    // Sorted, so that everything below iterates in a fixed order.
    TreeMap<String, Long> firstAlert = new TreeMap<>();
    for (MemberState member : incident.members) {
      if (member.service != null) {
        firstAlert.merge(member.service, member.firstSeen, Math::min);
      }
    }
    if (firstAlert.isEmpty()) {
      return List.of();
    }
    Map<String, Set<String>> callers = new HashMap<>();
    for (String caller : firstAlert.keySet()) {
      for (String callee : firstAlert.keySet()) {
        if (!caller.equals(callee) && topology.edge(caller, callee).isPresent()) {
          callers.computeIfAbsent(callee, k -> new TreeSet<>()).add(caller);
        }
      }
    }
    long earliest = firstAlert.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long latest = firstAlert.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    int others = firstAlert.size() - 1;

    record Scored(String service, double score, long firstAlert, Set<String> dependents) {}
    List<Scored> scored = new ArrayList<>();
    for (Map.Entry<String, Long> entry : firstAlert.entrySet()) {
      String service = entry.getKey();
      Set<String> dependents = dependents(service, callers);
      double score;
      if (others == 0) {
        score = 1.0;
      } else {
        double earliness =
            latest == earliest ? 1.0 : (double) (latest - entry.getValue()) / (latest - earliest);
        score = (dependents.size() + EARLINESS_WEIGHT * earliness) / (others + EARLINESS_WEIGHT);
      }
      scored.add(
          new Scored(service, Math.round(score * 1000) / 1000.0, entry.getValue(), dependents));
    }
    scored.sort(
        Comparator.comparingDouble(Scored::score)
            .reversed()
            .thenComparingLong(Scored::firstAlert)
            .thenComparing(Scored::service));

    List<RootCause> ranked = new ArrayList<>();
    for (Scored candidate : scored.subList(0, Math.min(MAX_CANDIDATES, scored.size()))) {
      String evidence =
          dependencyEvidence(candidate.service(), candidate.dependents())
              + "; "
              + timingEvidence(candidate.service(), candidate.firstAlert(), firstAlert);
      ranked.add(new RootCause(candidate.service(), candidate.score(), evidence));
    }
    return ranked;
  }

  /** Affected services that reach {@code service} along caller -> callee edges. */
  private static Set<String> dependents(String service, Map<String, Set<String>> callers) {
    Set<String> seen = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(service));
    while (!queue.isEmpty()) {
      for (String caller : callers.getOrDefault(queue.poll(), Set.of())) {
        if (!caller.equals(service) && seen.add(caller)) {
          queue.add(caller);
        }
      }
    }
    return new TreeSet<>(seen);
  }

  private static String dependencyEvidence(String service, Set<String> dependents) {
    if (dependents.isEmpty()) {
      return "no other affected service depends on " + service;
    }
    List<String> names = new ArrayList<>(dependents);
    String listed =
        String.join(", ", names.subList(0, Math.min(MAX_NAMES_IN_EVIDENCE, names.size())));
    if (names.size() > MAX_NAMES_IN_EVIDENCE) {
      listed += " and " + (names.size() - MAX_NAMES_IN_EVIDENCE) + " more";
    }
    return dependents.size()
        + (dependents.size() == 1
            ? " affected service depends on "
            : " affected services depend on ")
        + service
        + " ("
        + listed
        + ")";
  }

  private static String timingEvidence(
      String service, long first, TreeMap<String, Long> firstAlert) {
    if (firstAlert.size() == 1) {
      return "the only affected service";
    }
    String earliestOther = null;
    long earliestOtherTime = Long.MAX_VALUE;
    for (Map.Entry<String, Long> entry : firstAlert.entrySet()) {
      if (!entry.getKey().equals(service) && entry.getValue() < earliestOtherTime) {
        earliestOther = entry.getKey();
        earliestOtherTime = entry.getValue();
      }
    }
    if (first < earliestOtherTime) {
      return "first alert " + Durations.describe(earliestOtherTime - first) + " before any other";
    }
    if (first == earliestOtherTime) {
      return "first alert at the same time as " + earliestOther;
    }
    return "first alert "
        + Durations.describe(first - earliestOtherTime)
        + " after "
        + earliestOther;
  }
}
