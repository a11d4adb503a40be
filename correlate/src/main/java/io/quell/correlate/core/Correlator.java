/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.JoinRuleKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups alerts into incidents and moves incidents through their lifecycle, in event time. Plain
 * Java: the Flink operator, offline evaluation and the tests drive the same code.
 *
 * <p>The caller hands over alerts batch by batch, one batch per event-time instant and in
 * non-decreasing time ({@link #onAlerts}), and moves time on ({@link #advanceTo}) so that quiet
 * periods and close periods run out. Each call returns the incident versions that changed, in the
 * order they happened. A change is published once per instant, however many alerts of that instant
 * caused it; repeats of an alert that change nothing visible publish nothing.
 *
 * <p>Lifecycle: OPEN (version 1) → UPDATED on every change of membership, member status or severity
 * → RESOLVED when all members resolved or none fired for the quiet period → REOPENED when a related
 * alert fires before the close period ran out → CLOSED at the end of the close period, when the
 * maximum lifetime is reached, or when too many incidents are open; a closed incident is forgotten.
 *
 * <p>An instance keeps no state of its own between calls: everything lives in the {@link
 * IncidentStore}, so the operator may build one per call.
 */
public final class Correlator {

  private static final Logger LOG = LoggerFactory.getLogger(Correlator.class);

  private final CorrelationSettings settings;
  private final IncidentStore store;
  private final Topology topology;
  private final IncidentMatcher matcher;

  /** Incidents changed in the current instant; true when their membership changed. */
  private final Map<String, Boolean> changed = new LinkedHashMap<>();

  private final List<Incident> published = new ArrayList<>();

  public Correlator(CorrelationSettings settings, IncidentStore store, Topology topology) {
    this(settings, store, topology, IncidentMatcher.standard(settings));
  }

  public Correlator(
      CorrelationSettings settings,
      IncidentStore store,
      Topology topology,
      IncidentMatcher matcher) {
    this.settings = settings;
    this.store = store;
    this.topology = topology;
    this.matcher = matcher;
  }

  /**
   * Handles the alerts of one instant. Deadlines before {@code time} run out first; an alert at
   * exactly an incident's deadline still counts as in time.
   *
   * @param time the event time of the batch; alerts that came late carry an older event time of
   *     their own, and count as heard at {@code time}
   */
  public List<Incident> onAlerts(long time, Collection<Alert> alerts) {
    List<Incident> result = new ArrayList<>(advanceTo(time == Long.MIN_VALUE ? time : time - 1));
    List<Alert> ordered = new ArrayList<>(alerts);
    ordered.sort(AlertOrder.INSTANCE);
    for (Alert alert : ordered) {
      if (alert.getStatus() == AlertStatus.RESOLVED) {
        onResolved(alert, time);
      } else {
        onFiring(alert, time);
      }
    }
    publishChanges();
    result.addAll(drainPublished());
    return result;
  }

  /** Lets every deadline up to and including {@code time} run out, in time order. */
  public List<Incident> advanceTo(long time) {
    while (true) {
      long due = Long.MAX_VALUE;
      List<IncidentState> dueNow = new ArrayList<>();
      for (IncidentState incident : store.all()) {
        long deadline = deadline(incident);
        if (deadline > time || deadline > due) {
          continue;
        }
        if (deadline < due) {
          due = deadline;
          dueNow.clear();
        }
        dueNow.add(incident);
      }
      if (dueNow.isEmpty()) {
        return drainPublished();
      }
      dueNow.sort(Comparator.comparing(incident -> incident.id));
      for (IncidentState incident : dueNow) {
        expire(incident, due);
      }
      publishChanges();
    }
  }

  /** The earliest deadline of any incident, when one is stored. */
  public OptionalLong nextDeadline() {
    long next = Long.MAX_VALUE;
    boolean any = false;
    for (IncidentState incident : store.all()) {
      next = Math.min(next, deadline(incident));
      any = true;
    }
    return any ? OptionalLong.of(next) : OptionalLong.empty();
  }

  /** When the incident next changes by itself: it resolves, or it closes. */
  long deadline(IncidentState incident) {
    long lifetimeEnd = AlertTimes.plus(incident.firstSeen, settings.maxLifetime().toMillis());
    long next =
        incident.resolved()
            ? AlertTimes.plus(incident.resolvedAt, settings.closeAfter().toMillis())
            : AlertTimes.plus(incident.lastFiring, settings.resolveQuietPeriod().toMillis());
    return Math.min(next, lifetimeEnd);
  }

  private void expire(IncidentState incident, long time) {
    long lifetimeEnd = AlertTimes.plus(incident.firstSeen, settings.maxLifetime().toMillis());
    if (time >= lifetimeEnd) {
      LOG.info("closing incident {}: it reached the maximum lifetime", incident.id);
      close(incident, time);
    } else if (incident.resolved()) {
      close(incident, time);
    } else {
      // Alerts that are not repeated are taken as resolved after the quiet period, as
      // Alertmanager does with resolve_timeout.
      for (MemberState member : incident.members) {
        member.status = AlertStatus.RESOLVED;
      }
      incident.resolvedAt = time;
      incident.lastSeen = Math.max(incident.lastSeen, time);
      store.save(incident);
      markChanged(incident, false);
    }
  }

  private void onResolved(Alert alert, long time) {
    Optional<IncidentState> found = incidentOf(alert.getFingerprint());
    if (found.isEmpty()) {
      // Resolving an alert that never opened anything (or whose incident closed) changes nothing.
      LOG.debug("ignoring resolution of unknown alert {}", alert.getFingerprint());
      return;
    }
    IncidentState incident = found.get();
    MemberState member = incident.member(alert.getFingerprint()).orElseThrow();
    member.lastSeen = Math.max(member.lastSeen, time);
    incident.lastSeen = Math.max(incident.lastSeen, time);
    boolean change = false;
    if (member.firing()) {
      member.status = AlertStatus.RESOLVED;
      change = true;
    }
    if (!incident.resolved() && incident.allMembersResolved()) {
      incident.resolvedAt = time;
      change = true;
    }
    store.save(incident);
    if (change) {
      markChanged(incident, false);
    }
  }

  private void onFiring(Alert alert, long time) {
    Optional<IncidentState> found = incidentOf(alert.getFingerprint());
    if (found.isPresent()) {
      onRepeat(found.get(), alert, time);
      return;
    }
    String groupKey = GroupKeys.of(alert, settings.servicelessGroupLabels());
    List<IncidentState> incidents = store.all();
    IncidentMatcher.Decision decision = matcher.decide(alert, groupKey, incidents, topology);
    if (decision.join().isPresent()) {
      IncidentMatcher.Candidate candidate = decision.join().get();
      join(candidate.incident(), alert, groupKey, candidate.match(), time);
    } else {
      open(alert, groupKey, time, decision.overflowOf().orElse(null), incidents);
    }
  }

  private void onRepeat(IncidentState incident, Alert alert, long time) {
    MemberState member = incident.member(alert.getFingerprint()).orElseThrow();
    long startsAt = alert.getStartsAt().toEpochMilli();
    member.occurrences++;
    member.firstSeen = Math.min(member.firstSeen, startsAt);
    member.lastSeen = Math.max(member.lastSeen, time);
    incident.firstSeen = Math.min(incident.firstSeen, startsAt);
    incident.lastSeen = Math.max(incident.lastSeen, time);
    incident.lastFiring = Math.max(incident.lastFiring, time);
    boolean change = false;
    if (!member.firing()) {
      member.status = AlertStatus.FIRING;
      change = true;
    }
    if (member.severity != alert.getSeverity()) {
      member.severity = alert.getSeverity();
      change = true;
    }
    if (incident.resolved()) {
      incident.resolvedAt = null;
      change = true;
    }
    store.save(incident);
    if (change) {
      markChanged(incident, false);
    }
  }

  private void join(
      IncidentState incident, Alert alert, String groupKey, JoinMatch match, long time) {
    long startsAt = alert.getStartsAt().toEpochMilli();
    incident.members.add(
        member(alert, groupKey, time, match.kind(), match.relatedFingerprint(), match.detail()));
    incident.firstSeen = Math.min(incident.firstSeen, startsAt);
    incident.lastSeen = Math.max(incident.lastSeen, time);
    incident.lastFiring = Math.max(incident.lastFiring, time);
    incident
        .sharedLabels
        .entrySet()
        .removeIf(e -> !e.getValue().equals(alert.getLabels().get(e.getKey())));
    if (incident.resolved()) {
      incident.resolvedAt = null;
    }
    store.save(incident);
    store.assign(alert.getFingerprint(), incident.id);
    markChanged(incident, true);
  }

  private void open(
      Alert alert,
      String groupKey,
      long time,
      String continuedFrom,
      List<IncidentState> incidents) {
    if (incidents.size() >= settings.maxOpenIncidents()) {
      IncidentState leastRecent =
          incidents.stream()
              .min(
                  Comparator.<IncidentState>comparingLong(incident -> incident.lastSeen)
                      .thenComparing(incident -> incident.id))
              .orElseThrow();
      LOG.warn(
          "{} incidents open, the maximum: closing the least recently active, {}",
          incidents.size(),
          leastRecent.id);
      close(store.find(leastRecent.id).orElseThrow(), time);
    }
    long startsAt = alert.getStartsAt().toEpochMilli();
    IncidentState incident = new IncidentState();
    incident.id = IncidentIds.of(alert.getFingerprint(), startsAt, time);
    incident.firstSeen = startsAt;
    incident.lastSeen = Math.max(startsAt, time);
    incident.lastFiring = incident.lastSeen;
    incident.continuedFrom = continuedFrom;
    incident.sharedLabels = new HashMap<>(alert.getLabels());
    incident.members.add(
        member(
            alert,
            groupKey,
            time,
            JoinRuleKind.FIRST_ALERT,
            null,
            continuedFrom == null ? null : "continues " + continuedFrom + ", which is full"));
    store.save(incident);
    store.assign(alert.getFingerprint(), incident.id);
    markChanged(incident, true);
  }

  private static MemberState member(
      Alert alert,
      String groupKey,
      long time,
      JoinRuleKind kind,
      String relatedFingerprint,
      String detail) {
    MemberState member = new MemberState();
    member.fingerprint = alert.getFingerprint();
    member.name = alert.getName();
    member.service = alert.getService();
    member.severity = alert.getSeverity();
    member.status = AlertStatus.FIRING;
    member.firstSeen = alert.getStartsAt().toEpochMilli();
    member.lastSeen = Math.max(member.firstSeen, time);
    member.occurrences = 1;
    member.joinKind = kind;
    member.relatedFingerprint = relatedFingerprint;
    member.joinDetail = detail;
    member.groupKey = groupKey;
    return member;
  }

  /** Publishes a last version with status CLOSED and forgets the incident. */
  private void close(IncidentState incident, long time) {
    if (changed.containsKey(incident.id)) {
      publish(incident.id, changed.remove(incident.id));
      incident = store.find(incident.id).orElseThrow();
    }
    if (incident.resolvedAt == null) {
      incident.resolvedAt = time;
    }
    incident.lastSeen = Math.max(incident.lastSeen, time);
    emit(incident, IncidentStatus.CLOSED);
    store.delete(incident.id);
    for (MemberState member : incident.members) {
      // A fingerprint may meanwhile belong to a newer incident; leave that one alone.
      if (incident.id.equals(store.incidentOf(member.fingerprint).orElse(null))) {
        store.unassign(member.fingerprint);
      }
    }
  }

  private Optional<IncidentState> incidentOf(String fingerprint) {
    return store.incidentOf(fingerprint).flatMap(store::find);
  }

  private void markChanged(IncidentState incident, boolean membership) {
    changed.merge(incident.id, membership, Boolean::logicalOr);
  }

  private void publishChanges() {
    List<Map.Entry<String, Boolean>> pending = new ArrayList<>(changed.entrySet());
    changed.clear();
    for (Map.Entry<String, Boolean> entry : pending) {
      publish(entry.getKey(), entry.getValue());
    }
  }

  private void publish(String incidentId, boolean membershipChanged) {
    Optional<IncidentState> found = store.find(incidentId);
    if (found.isEmpty()) {
      return;
    }
    IncidentState incident = found.get();
    if (membershipChanged) {
      incident.rootCauses = new ArrayList<>(RootCauseRanker.rank(incident, topology));
    }
    if (incident.version == 0) {
      emit(incident, IncidentStatus.OPEN);
      if (incident.resolved()) {
        // Opened and resolved within one instant: both steps are published.
        emit(incident, IncidentStatus.RESOLVED);
      }
    } else if (incident.resolved()) {
      emit(incident, IncidentStatus.RESOLVED);
    } else if (incident.lastEmittedStatus == IncidentStatus.RESOLVED) {
      emit(incident, IncidentStatus.REOPENED);
    } else {
      emit(incident, IncidentStatus.UPDATED);
    }
    store.save(incident);
  }

  private void emit(IncidentState incident, IncidentStatus status) {
    incident.version++;
    incident.lastEmittedStatus = status;
    published.add(IncidentRenderer.render(incident, status));
  }

  private List<Incident> drainPublished() {
    List<Incident> result = new ArrayList<>(published);
    published.clear();
    return result;
  }
}
