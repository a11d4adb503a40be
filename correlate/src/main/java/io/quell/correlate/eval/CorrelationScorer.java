/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores the incidents of one scenario against its faults: compression, pairwise precision and
 * recall of the grouping, root-cause accuracy, time to the first incident and muting. Pure
 * arithmetic over what {@link OfflineCorrelation} (or anything else) produced.
 *
 * <p>Pairs are counted over the alerts a fault caused; noise alerts are counted, not paired. An
 * alert that joined no incident counts as an incident of its own. A fault's <em>main incident</em>
 * is the one holding most of its alerts (ties: the smaller id); its root cause is right (top-1)
 * when that incident's best candidate is the fault's root (for a partition, any service at the
 * cut), top-3 when the root is among the best three.
 */
public final class CorrelationScorer {
  private CorrelationScorer() {}

  /**
   * @param alerts every firing alert episode with its fault (or none) and incident
   * @param rootCauses ranked root-cause services (best first) of each incident, by id, from its
   *     last version
   * @param versions incident versions published
   */
  public static ScenarioScore score(
      String scenario,
      List<FaultTruth> faults,
      List<ScoredAlert> alerts,
      Map<String, List<String>> rootCauses,
      int versions) {
    Map<String, FaultTruth> faultsById = new HashMap<>();
    faults.forEach(f -> faultsById.put(f.id(), f));
    Set<String> incidents = new HashSet<>();
    Map<String, Map<String, Integer>> cells = new HashMap<>(); // fault -> incident -> alerts
    Map<String, Integer> perIncident = new HashMap<>(); // fault alerts per incident
    Map<String, Integer> perFault = new HashMap<>();
    int noise = 0;
    int planned = 0;
    int plannedMuted = 0;
    int otherMuted = 0;
    int lone = 0;
    for (ScoredAlert alert : alerts) {
      String incident = alert.incidentId() != null ? alert.incidentId() : "(alone " + lone++ + ")";
      incidents.add(incident);
      boolean isPlanned =
          alert.fromFault()
              && faultsById.containsKey(alert.faultId())
              && faultsById.get(alert.faultId()).planned();
      if (isPlanned) {
        planned++;
        plannedMuted += alert.muted() ? 1 : 0;
      } else {
        otherMuted += alert.muted() ? 1 : 0;
      }
      if (!alert.fromFault()) {
        noise++;
        continue;
      }
      cells.computeIfAbsent(alert.faultId(), f -> new HashMap<>()).merge(incident, 1, Integer::sum);
      perIncident.merge(incident, 1, Integer::sum);
      perFault.merge(alert.faultId(), 1, Integer::sum);
    }
    long right = 0;
    for (Map<String, Integer> row : cells.values()) {
      for (int n : row.values()) {
        right += pairs(n);
      }
    }
    long together = perIncident.values().stream().mapToLong(CorrelationScorer::pairs).sum();
    long sameFault = perFault.values().stream().mapToLong(CorrelationScorer::pairs).sum();

    List<FaultScore> faultScores = new ArrayList<>();
    for (FaultTruth fault : faults) {
      List<ScoredAlert> own = alerts.stream().filter(a -> fault.id().equals(a.faultId())).toList();
      Map<String, Integer> row = cells.getOrDefault(fault.id(), Map.of());
      String main =
          row.entrySet().stream()
              .filter(e -> !e.getKey().startsWith("(alone "))
              .min(
                  Comparator.comparingInt((Map.Entry<String, Integer> e) -> -e.getValue())
                      .thenComparing(Map.Entry::getKey))
              .map(Map.Entry::getKey)
              .orElse(null);
      List<String> candidates = main == null ? List.of() : rootCauses.getOrDefault(main, List.of());
      Set<String> roots = fault.rootServices();
      boolean top1 = !candidates.isEmpty() && roots.contains(candidates.get(0));
      boolean top3 = candidates.stream().limit(3).anyMatch(roots::contains);
      Double toIncident =
          own.stream()
              .filter(a -> a.publishedAt() != null)
              .mapToLong(ScoredAlert::publishedAt)
              .min()
              .stream()
              .mapToObj(at -> Math.max(0, at - fault.start()) / 1000.0)
              .findFirst()
              .orElse(null);
      faultScores.add(
          new FaultScore(
              fault.id(),
              fault.kind(),
              fault.rootService(),
              fault.planned(),
              own.size(),
              row.size(),
              main,
              candidates.stream().limit(5).toList(),
              top1,
              top3,
              toIncident,
              (int) own.stream().filter(ScoredAlert::muted).count()));
    }
    return new ScenarioScore(
        scenario,
        alerts.size(),
        noise,
        incidents.size(),
        versions,
        right,
        together - right,
        sameFault - right,
        planned,
        plannedMuted,
        otherMuted,
        faultScores);
  }

  private static long pairs(long n) {
    return n * (n - 1) / 2;
  }
}
