/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.TopologyEdge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the incident a new alert joins, if any. An incident is a candidate when it is open and
 * the alert starts within the grouping window of its activity, or when it is resolved (and so still
 * within its reopen period); a rule must relate the alert to one of its members.
 *
 * <p>Among candidates ({@link #preference}), open incidents come before resolved ones; then the
 * incident that began fewest calls down from the alert's service; then the one where a dependency
 * of the alert's service just began alerting; then the stronger match; then the incident whose
 * first alert started nearest the alert's start (of two faults that could explain an alert, the one
 * that began just before it is the likelier); then the more recent activity, the older incident,
 * the id: a total order, so the choice never depends on the order the store lists incidents in. The
 * decision also lists every incident the alert could join, so that the correlator can merge the
 * open ones into one.
 */
public final class IncidentMatcher {

  /**
   * A possible home for an alert.
   *
   * @param freshDependency when a service the alert's service calls began alerting in the incident
   *     within the cause window before the alert (the latest such start, epoch ms), else {@link
   *     #NOT_FRESH}
   * @param originHops how many calls lead down from the alert's service to the service where the
   *     incident began (0: the same service), else {@link #FAR}
   */
  public record Candidate(
      IncidentState incident, JoinMatch match, long freshDependency, int originHops) {

    /** No dependency of the alert's service began alerting in the incident just before it. */
    public static final long NOT_FRESH = Long.MIN_VALUE;

    /** The incident's origin is not among the alert service's dependencies. */
    public static final int FAR = Integer.MAX_VALUE;

    public Candidate(IncidentState incident, JoinMatch match) {
      this(incident, match, NOT_FRESH, FAR);
    }

    boolean fresh() {
      return freshDependency != NOT_FRESH;
    }
  }

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

  /**
   * The order of preference among the candidates for an alert starting at {@code startsAt}: open
   * before resolved; then the incident that began fewest calls down from the alert's service; then
   * an incident where a dependency of the alert's service just began alerting (the latest first),
   * whatever the rules' strengths; then the stronger match; then the incident whose first alert
   * started nearest the alert's start; then the more recent activity, the older incident, the id.
   */
  private static Comparator<Candidate> preference(long startsAt) {
    return Comparator.<Candidate>comparingInt(c -> c.incident().resolved() ? 1 : 0)
        .thenComparingInt(Candidate::originHops)
        .thenComparing(Comparator.comparingLong(Candidate::freshDependency).reversed())
        .thenComparing(Comparator.comparingInt((Candidate c) -> c.match().strength()).reversed())
        .thenComparingLong(c -> Math.abs(startsAt - c.incident().firstSeen))
        .thenComparing(Comparator.comparingLong((Candidate c) -> c.incident().lastSeen).reversed())
        .thenComparingLong(c -> c.incident().firstSeen)
        .thenComparing(c -> c.incident().id);
  }

  private final CorrelationSettings settings;
  private final List<JoinRule> rules;

  /**
   * The latest start of an alert in {@code incident} on a service that {@code service} calls (one
   * call down in {@code below}, see {@link #callsBelow}), within the cause window before {@code
   * startsAt}; {@link Candidate#NOT_FRESH} when none. A new alert right after its dependency began
   * failing is most likely that dependency's doing: an older fault had been reaching the service
   * without this alert.
   */
  private long freshDependency(
      String service, long startsAt, IncidentState incident, Map<String, Integer> below) {
    if (service == null || settings.causeWindow().isZero()) {
      return Candidate.NOT_FRESH;
    }
    long from = startsAt - settings.causeWindow().toMillis();
    long latest = Candidate.NOT_FRESH;
    for (MemberState member : incident.members) {
      if (member.service == null
          || member.service.equals(service)
          || member.firstSeen > startsAt
          || member.firstSeen < from
          || member.firstSeen <= latest) {
        continue;
      }
      Integer calls = below.get(member.service);
      if (calls != null && calls == 1) {
        latest = member.firstSeen;
      }
    }
    return latest;
  }

  /**
   * How many calls lead from {@code service} down to the service where {@code incident} began (0:
   * the same service), up to {@link #ORIGIN_SEARCH} calls; {@link Candidate#FAR} beyond or when no
   * chain of calls leads there. A fault is felt most near where it is.
   *
   * @param below the services {@code service} reaches down its calls, with the fewest calls to each
   *     ({@link #callsBelow})
   */
  private static int originHops(Map<String, Integer> below, IncidentState incident) {
    String origin = incident.members.isEmpty() ? null : incident.members.get(0).service;
    return origin == null ? Candidate.FAR : below.getOrDefault(origin, Candidate.FAR);
  }

  /**
   * The services reached from {@code service} down its calls within {@link #ORIGIN_SEARCH} calls,
   * each with the fewest calls it takes (the service itself with 0); empty without a service. One
   * walk per alert serves every candidate incident.
   */
  private static Map<String, Integer> callsBelow(String service, Topology topology) {
    if (service == null) {
      return Map.of();
    }
    Map<String, Integer> hops = new HashMap<>();
    hops.put(service, 0);
    List<String> level = List.of(service);
    for (int depth = 1; depth <= ORIGIN_SEARCH && !level.isEmpty(); depth++) {
      List<String> next = new ArrayList<>();
      for (String at : level) {
        for (TopologyEdge edge : topology.edgesOf(at)) {
          if (edge.getCaller().equals(at) && hops.putIfAbsent(edge.getCallee(), depth) == null) {
            next.add(edge.getCallee());
          }
        }
      }
      level = next;
    }
    return hops;
  }

  /** How far down the calls {@link #originHops} looks. */
  private static final int ORIGIN_SEARCH = 4;

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
    Map<String, Integer> below = null;
    for (IncidentState incident : incidents) {
      if (!inReach(incident, startsAt, window)) {
        continue;
      }
      Optional<JoinMatch> match = strongestMatch(alert, groupKey, incident, topology);
      if (match.isEmpty()) {
        continue;
      }
      if (below == null) {
        below = callsBelow(alert.getService(), topology);
      }
      Candidate candidate =
          new Candidate(
              incident,
              match.get(),
              freshDependency(alert.getService(), startsAt, incident, below),
              originHops(below, incident));
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
