/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.JoinRuleKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the incident a new alert joins, if any. An incident is a candidate when it is open and
 * the alert starts within the grouping window of its activity, or when it is resolved (and so still
 * within its reopen period); a rule must relate the alert to one of its members.
 *
 * <p>Among candidates, open incidents come before resolved ones, then the stronger match, then the
 * incident whose first alert started nearest the alert's start (of two faults that could explain an
 * alert, the one that began just before it is the likelier), then the more recent activity, then
 * the older incident, then the id: a total order, so the choice never depends on the order the
 * store lists incidents in. The decision also lists every incident the alert could join, so that
 * the correlator can merge the open ones into one.
 */
public final class IncidentMatcher {

  /** A possible home for an alert. */
  public record Candidate(IncidentState incident, JoinMatch match) {}

  /**
   * The outcome for one alert.
   *
   * @param join the incident to join, if any
   * @param overflowOf the best related incident that was full or reached its maximum lifetime, if
   *     the alert cannot join because of that; a new incident continues it
   * @param related every incident the alert could join (in reach, related, not full), preferred
   *     first; the first is {@code join}
   */
  public record Decision(
      Optional<Candidate> join, Optional<String> overflowOf, List<Candidate> related) {

    public Decision {
      related = List.copyOf(related);
    }
  }

  /** The order of preference among the candidates for an alert starting at {@code startsAt}. */
  private Comparator<Candidate> preference(long startsAt) {
    return Comparator.<Candidate>comparingInt(c -> c.incident().resolved() ? 1 : 0)
        .thenComparing(Comparator.comparingInt((Candidate c) -> strength(c, startsAt)).reversed())
        .thenComparingLong(c -> Math.abs(startsAt - c.incident().firstSeen))
        .thenComparing(Comparator.comparingLong((Candidate c) -> c.incident().lastSeen).reversed())
        .thenComparingLong(c -> c.incident().firstSeen)
        .thenComparing(c -> c.incident().id);
  }

  private final CorrelationSettings settings;
  private final List<JoinRule> rules;

  /**
   * A candidate's strength for the preference. A new alert on a service that calls a service where
   * an incident began (alerting within the cause window after its first alert), while the alert is
   * itself within that window (a fault that just started at its dependency), ranks above any match
   * with an incident older than that window, the same service included: the old fault had been
   * reaching the service without this alert, the new one just began next to it.
   */
  private int strength(Candidate candidate, long startsAt) {
    JoinMatch match = candidate.match();
    IncidentState incident = candidate.incident();
    boolean freshEffect =
        match.kind() == JoinRuleKind.TOPOLOGY
            && !match.dependencyOfMember()
            && !settings.causeWindow().isZero()
            && settings.withinCauseWindow(incident.firstSeen, startsAt)
            && incident.beganAt(match.memberService());
    return freshEffect ? JoinMatch.SAME_SERVICE + match.strength() : match.strength();
  }

  public IncidentMatcher(CorrelationSettings settings, List<JoinRule> rules) {
    this.settings = settings;
    this.rules = List.copyOf(rules);
  }

  /**
   * The standard rules: same service, topology within {@code settings.topologyHops()} edges, same
   * log template, shared labels for alerts without a service.
   */
  public static IncidentMatcher standard(CorrelationSettings settings) {
    return new IncidentMatcher(
        settings,
        List.of(
            new SameServiceRule(),
            new TopologyRule(settings.topologyHops(), settings),
            new SameTemplateRule(),
            new SharedLabelsRule(settings.servicelessGroupLabels())));
  }

  public Decision decide(
      Alert alert, String groupKey, List<IncidentState> incidents, Topology topology) {
    long startsAt = alert.getStartsAt().toEpochMilli();
    long window = settings.groupWindow().toMillis();
    Comparator<Candidate> preference = preference(startsAt);
    List<Candidate> related = new ArrayList<>();
    Candidate bestFull = null;
    for (IncidentState incident : incidents) {
      if (!inReach(incident, startsAt, window)) {
        continue;
      }
      Optional<JoinMatch> match = strongestMatch(alert, groupKey, incident, topology);
      if (match.isEmpty()) {
        continue;
      }
      Candidate candidate = new Candidate(incident, match.get());
      if (incident.members.size() >= settings.maxMembers() || incident.sealed()) {
        bestFull =
            bestFull == null || preference.compare(candidate, bestFull) < 0 ? candidate : bestFull;
      } else {
        related.add(candidate);
      }
    }
    if (!related.isEmpty()) {
      related.sort(preference);
      return new Decision(Optional.of(related.get(0)), Optional.empty(), related);
    }
    return new Decision(
        Optional.empty(), Optional.ofNullable(bestFull).map(c -> c.incident().id), List.of());
  }

  private static boolean inReach(IncidentState incident, long startsAt, long window) {
    if (startsAt < incident.firstSeen - window) {
      return false;
    }
    // A resolved incident stays reachable for its whole reopen period (it is closed after it).
    return incident.resolved() || startsAt <= AlertTimes.plus(incident.lastSeen, window);
  }

  private Optional<JoinMatch> strongestMatch(
      Alert alert, String groupKey, IncidentState incident, Topology topology) {
    JoinMatch strongest = null;
    for (JoinRule rule : rules) {
      Optional<JoinMatch> match = rule.match(alert, groupKey, incident, topology);
      if (match.isPresent()
          && (strongest == null || match.get().strength() > strongest.strength())) {
        strongest = match.get();
      }
    }
    return Optional.ofNullable(strongest);
  }
}
