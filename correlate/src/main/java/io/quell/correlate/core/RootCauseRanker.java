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
 * #EARLINESS_WEIGHT} of a dependent, plus its share {@code w} of a random walk over the affected
 * services (1 for the most visited, see {@link #walk}), worth {@value #WALK_WEIGHT} of a dependent:
 *
 * <pre>score = (d + 0.5 e + 0.4 w) / (n - 1 + 0.9)</pre>
 *
 * <p>where {@code n} is the number of affected services (a lone service scores 1). Since earliness
 * and walk together are worth less than one dependent, a service with more dependents always ranks
 * higher; earliness and the walk decide between services with as many. Scores lie in [0, 1],
 * rounded to three decimals; exact ties go to the earlier first alert, then to the name.
 */
public final class RootCauseRanker {

  /** What the earliest first alert is worth, in dependents; below 1 so dependency dominates. */
  static final double EARLINESS_WEIGHT = 0.5;

  /** What the most visited service of the random walk is worth, in dependents. */
  static final double WALK_WEIGHT = 0.4;

  /** Weight of a step back to a caller, relative to a step on to a callee. */
  static final double BACKWARD = 0.2;

  /** Probability of jumping back to a service chosen by anomaly, each step. */
  static final double RESTART = 0.15;

  private static final int WALK_STEPS = 60;

  /** How many candidates an incident lists. */
  public static final int MAX_CANDIDATES = 5;

  private static final int MAX_NAMES_IN_EVIDENCE = 3;

  private RootCauseRanker() {}

  /** The candidates of {@code incident}, best first; empty when no member has a service. */
  public static List<RootCause> rank(IncidentState incident, Topology topology) {
    // Sorted, so that everything below iterates in a fixed order.
    TreeMap<String, Long> firstAlert = new TreeMap<>();
    TreeMap<String, Double> anomaly = new TreeMap<>();
    for (MemberState member : incident.members) {
      if (member.service != null) {
        firstAlert.merge(member.service, member.firstSeen, Math::min);
        anomaly.merge(member.service, anomalyOf(member), Math::max);
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
    Map<String, Double> walk = walk(firstAlert.keySet(), callers, anomaly);
    long earliest = firstAlert.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long latest = firstAlert.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    int others = firstAlert.size() - 1;

    record Scored(
        String service,
        double score,
        long firstAlert,
        Set<String> dependents,
        Map<String, Double> signals) {}
    List<Scored> scored = new ArrayList<>();
    for (Map.Entry<String, Long> entry : firstAlert.entrySet()) {
      String service = entry.getKey();
      Set<String> dependents = dependents(service, callers);
      double score;
      double earliness =
          latest == earliest ? 1.0 : (double) (latest - entry.getValue()) / (latest - earliest);
      double visits = walk.get(service);
      if (others == 0) {
        score = 1.0;
      } else {
        score =
            (dependents.size() + EARLINESS_WEIGHT * earliness + WALK_WEIGHT * visits)
                / (others + EARLINESS_WEIGHT + WALK_WEIGHT);
      }
      Map<String, Double> signals = new TreeMap<>();
      signals.put("dependents", (double) dependents.size());
      signals.put("earliness", round(earliness));
      signals.put("walk", round(visits));
      signals.put("anomaly", round(anomaly.get(service)));
      scored.add(new Scored(service, round(score), entry.getValue(), dependents, signals));
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
      if (others > 0) {
        evidence +=
            "; random walk weighted by anomaly scores: "
                + Math.round(100 * candidate.signals().get("walk"))
                + "% of the most visited";
      }
      ranked.add(
          new RootCause(candidate.service(), candidate.score(), evidence, candidate.signals()));
    }
    return ranked;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /**
   * How anomalous a member is, 0 to 1: its detector's score, or for alerts without one (external
   * alerts) by severity: critical 1, warning 0.7, info 0.4.
   */
  static double anomalyOf(MemberState member) {
    if (member.score != null && !member.score.isNaN()) {
      return Math.max(0.0, Math.min(1.0, member.score));
    }
    if (member.severity == null) {
      return 0.7;
    }
    return switch (member.severity) {
      case CRITICAL -> 1.0;
      case INFO -> 0.4;
      default -> 0.7;
    };
  }

  /**
   * A random walk over the affected services, in the manner of MicroRCA: from a service the walker
   * moves on to an affected service it calls, with weight that service's anomaly; back to an
   * affected caller with {@value #BACKWARD} times the caller's anomaly; or stays, with weight its
   * own anomaly less the highest of its callees' (a service more anomalous than everything it calls
   * holds the walker). Each step it jumps with probability {@value #RESTART} to a service chosen in
   * proportion to anomaly. The walk settles where the anomaly flows to: the most downstream of the
   * strongly anomalous services. Returns the visit share of each service relative to the most
   * visited (1), by power iteration from the anomaly distribution.
   */
  static Map<String, Double> walk(
      Set<String> services, Map<String, Set<String>> callers, Map<String, Double> anomaly) {
    List<String> nodes = new ArrayList<>(new TreeSet<>(services));
    int n = nodes.size();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(nodes.get(i), i);
    }
    double[] restart = new double[n];
    double anomalySum = 0;
    for (int i = 0; i < n; i++) {
      restart[i] = Math.max(1e-6, anomaly.get(nodes.get(i)));
      anomalySum += restart[i];
    }
    for (int i = 0; i < n; i++) {
      restart[i] /= anomalySum;
    }
    // callees[i]: the affected services node i calls.
    List<List<Integer>> callees = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      callees.add(new ArrayList<>());
    }
    for (Map.Entry<String, Set<String>> entry : callers.entrySet()) {
      for (String caller : entry.getValue()) {
        callees.get(index.get(caller)).add(index.get(entry.getKey()));
      }
    }
    double[][] step = new double[n][n];
    for (int i = 0; i < n; i++) {
      double own = restart[i] * anomalySum;
      double strongestCallee = 0;
      for (int j : callees.get(i)) {
        double a = restart[j] * anomalySum;
        step[i][j] += a;
        strongestCallee = Math.max(strongestCallee, a);
      }
      for (String caller : callers.getOrDefault(nodes.get(i), Set.of())) {
        int j = index.get(caller);
        step[i][j] += BACKWARD * restart[j] * anomalySum;
      }
      step[i][i] += Math.max(0.0, own - strongestCallee);
      double total = 0;
      for (double w : step[i]) {
        total += w;
      }
      if (total == 0) {
        step[i][i] = 1;
        total = 1;
      }
      for (int j = 0; j < n; j++) {
        step[i][j] /= total;
      }
    }
    // Each row has weight only at the node itself, its callees and its callers: the power
    // iteration skips the zeros (adding a zero product changes no sum, so the result is the same).
    int[][] nonZero = new int[n][];
    for (int i = 0; i < n; i++) {
      int count = 0;
      for (int j = 0; j < n; j++) {
        if (step[i][j] != 0) {
          count++;
        }
      }
      nonZero[i] = new int[count];
      count = 0;
      for (int j = 0; j < n; j++) {
        if (step[i][j] != 0) {
          nonZero[i][count++] = j;
        }
      }
    }
    double[] visits = restart.clone();
    for (int round = 0; round < WALK_STEPS; round++) {
      double[] next = new double[n];
      for (int i = 0; i < n; i++) {
        next[i] += RESTART * restart[i];
        double[] row = step[i];
        for (int j : nonZero[i]) {
          next[j] += (1 - RESTART) * visits[i] * row[j];
        }
      }
      visits = next;
    }
    double most = 0;
    for (double v : visits) {
      most = Math.max(most, v);
    }
    Map<String, Double> shares = new HashMap<>();
    for (int i = 0; i < n; i++) {
      shares.put(nodes.get(i), most == 0 ? 0.0 : visits[i] / most);
    }
    return shares;
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
