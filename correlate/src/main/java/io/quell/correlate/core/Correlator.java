/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.correlate.core.suppress.AlertLabels;
import io.quell.correlate.core.suppress.Mute;
import io.quell.correlate.core.suppress.Suppressor;
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
 * <p>Group wait: a new incident publishes its first version only when the group wait after its
 * first alert ran out (a deadline like the others), so the alerts and merges of its first moments
 * make that version. Merge: an alert related to several open incidents makes them one when they are
 * one fault (they began within the cause window of each other, or the alert is a possible cause of
 * one: see {@link CorrelationSettings#causeWindow}); the oldest (earliest first alert, then
 * smallest id) takes over the members of the others, and an absorbed incident that was published
 * ends with a CLOSED version whose {@code mergedInto} names it.
 *
 * <p>Notification cadence (Alertmanager's group_wait, group_interval, repeat_interval): every
 * change is a version, and {@code Incident.notify} marks the versions that are notifications; at
 * the end of a group interval with changes not yet notified, and after a repeat interval without a
 * notification, a version repeats the latest state to notify. Flapping: an alert that flips between
 * firing and resolved often enough within the flapping window is held as firing and its flips
 * publish nothing, until it did not flip for a whole window. An incident closed at its maximum
 * lifetime is kept, unpublished, for a group window, so that related alerts open an incident that
 * continues it.
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
  private final Suppressor suppressor;

  /** Incidents changed in the current instant; true when their membership changed. */
  private final Map<String, Boolean> changed = new LinkedHashMap<>();

  private final List<Incident> published = new ArrayList<>();

  /** Last versions of incidents merged away in the current instant, published after its changes. */
  private final List<Incident> mergedAway = new ArrayList<>();

  /** Incidents whose next notification (group or repeat interval) is due in the current instant. */
  private final java.util.Set<String> notifyDue = new java.util.TreeSet<>();

  /** Why a version is emitted, for the notification cadence. */
  private enum Cause {
    /** A change of the incident (or its first version). */
    CHANGE,
    /** A change followed by another version of the same instant, which carries the news. */
    SUPERSEDED,
    /** Nothing changed: the group or repeat interval ran out. */
    CADENCE
  }

  public Correlator(CorrelationSettings settings, IncidentStore store, Topology topology) {
    this(settings, store, topology, IncidentMatcher.standard(settings), Suppressor.NONE);
  }

  public Correlator(
      CorrelationSettings settings, IncidentStore store, Topology topology, Suppressor suppressor) {
    this(settings, store, topology, IncidentMatcher.standard(settings), suppressor);
  }

  public Correlator(
      CorrelationSettings settings,
      IncidentStore store,
      Topology topology,
      IncidentMatcher matcher) {
    this(settings, store, topology, matcher, Suppressor.NONE);
  }

  /**
   * @param suppressor says which members are muted at an event time; muted alerts are grouped as
   *     any other, and every version says what mutes them (and the incident, when all are)
   */
  public Correlator(
      CorrelationSettings settings,
      IncidentStore store,
      Topology topology,
      IncidentMatcher matcher,
      Suppressor suppressor) {
    this.settings = settings;
    this.store = store;
    this.topology = topology;
    this.matcher = matcher;
    this.suppressor = suppressor;
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
    publishChanges(time);
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
      publishChanges(due);
    }
  }

  /**
   * Checks at {@code time} whether what mutes the members of the published incidents changed (a
   * silence was created, changed or deleted since the last check) and publishes a version of each
   * incident where it did. Changes that come by themselves in event time (a silence's start or end,
   * a weekly window, an inhibiting alert) are deadlines of their own and need no call.
   */
  public List<Incident> recheckSuppression(long time) {
    for (IncidentState incident : store.all()) {
      if (incident.published() && !incident.sealed() && incident.suppressionCheckedAt <= time) {
        checkSuppression(incident, time);
      }
    }
    publishChanges(time);
    return drainPublished();
  }

  /** Whether a published incident has a muted member now: its muting needs watching. */
  public boolean anyMuted() {
    for (IncidentState incident : store.all()) {
      if (incident.suppressionKey != null && !incident.sealed()) {
        return true;
      }
    }
    return false;
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

  /**
   * When the incident next changes by itself: its group wait runs out (it is published), it
   * resolves, or it closes.
   */
  long deadline(IncidentState incident) {
    if (incident.sealed()) {
      return sealedUntil(incident);
    }
    long next = Math.min(lifecycleDeadline(incident), flappingEnd(incident));
    if (!incident.published()) {
      return Math.min(next, incident.publishAt);
    }
    next = Math.min(next, notificationDue(incident));
    if (suppressor.active() || incident.suppressionKey != null) {
      next = Math.min(next, suppressor.nextChangeAfter(incident.suppressionCheckedAt));
    }
    return next;
  }

  /** A sealed incident is forgotten when no alert can reach it any more. */
  private long sealedUntil(IncidentState incident) {
    return AlertTimes.plus(
        Math.max(incident.sealedAt, incident.lastSeen), settings.groupWindow().toMillis());
  }

  /** When the earliest flapping member stops flapping (no flip for a flapping window). */
  private long flappingEnd(IncidentState incident) {
    long end = Long.MAX_VALUE;
    for (MemberState member : incident.members) {
      if (member.flapping && !member.flips.isEmpty()) {
        end =
            Math.min(
                end,
                AlertTimes.plus(
                    member.flips.get(member.flips.size() - 1), settings.flapWindow().toMillis()));
      }
    }
    return end;
  }

  /**
   * When the next notification of a published incident is due without a change: at the end of the
   * group interval when versions since the last notification did not notify, or at the end of the
   * repeat interval while the incident is open. Never while it is muted (unmuting is a change).
   */
  private long notificationDue(IncidentState incident) {
    if (incident.muted || incident.lastNotifiedAt == null) {
      return Long.MAX_VALUE;
    }
    if (incident.notifyPending) {
      return AlertTimes.plus(incident.lastNotifiedAt, settings.groupInterval().toMillis());
    }
    if (!incident.resolved() && !settings.repeatInterval().isZero()) {
      return AlertTimes.plus(incident.lastNotifiedAt, settings.repeatInterval().toMillis());
    }
    return Long.MAX_VALUE;
  }

  /** When the incident resolves or closes by itself. */
  private long lifecycleDeadline(IncidentState incident) {
    long lifetimeEnd = AlertTimes.plus(incident.lifetimeStart(), settings.maxLifetime().toMillis());
    long next =
        incident.resolved()
            ? AlertTimes.plus(incident.resolvedAt, settings.closeAfter().toMillis())
            : AlertTimes.plus(incident.lastFiring, settings.resolveQuietPeriod().toMillis());
    return Math.min(next, lifetimeEnd);
  }

  private void expire(IncidentState incident, long time) {
    if (incident.sealed()) {
      forget(incident);
      return;
    }
    if (lifecycleDeadline(incident) > time) {
      endFlapping(incident, time);
      if (!incident.published()) {
        // The group wait ran out: the incident publishes its first version.
        markChanged(incident, true);
      } else {
        // A silence, window or inhibition may have started or ended.
        checkSuppression(incident, time);
        if (notificationDue(incident) <= time) {
          notifyDue.add(incident.id);
        }
      }
      return;
    }
    long lifetimeEnd = AlertTimes.plus(incident.lifetimeStart(), settings.maxLifetime().toMillis());
    if (time >= lifetimeEnd) {
      LOG.info("closing incident {}: it reached the maximum lifetime", incident.id);
      close(incident, time, true);
    } else if (incident.resolved()) {
      close(incident, time, false);
    } else {
      // Alerts that are not repeated are taken as resolved after the quiet period, as
      // Alertmanager does with resolve_timeout.
      for (MemberState member : incident.members) {
        member.status = AlertStatus.RESOLVED;
        member.flapping = false;
        member.flips.clear();
      }
      incident.resolvedAt = time;
      incident.lastSeen = Math.max(incident.lastSeen, time);
      store.save(incident);
      markChanged(incident, false);
    }
  }

  /** Members that did not flip for a whole flapping window stop flapping. */
  private void endFlapping(IncidentState incident, long time) {
    boolean change = false;
    for (MemberState member : incident.members) {
      if (member.flapping
          && AlertTimes.plus(
                  member.flips.get(member.flips.size() - 1), settings.flapWindow().toMillis())
              <= time) {
        LOG.info("alert {} in {} stopped flapping", member.fingerprint, incident.id);
        member.flapping = false;
        member.flips.clear();
        change = true;
      }
    }
    if (!change) {
      return;
    }
    if (!incident.resolved() && incident.allMembersResolved()) {
      incident.resolvedAt = time;
      incident.lastSeen = Math.max(incident.lastSeen, time);
    }
    store.save(incident);
    markChanged(incident, false);
  }

  /**
   * Records a flip of {@code member} between firing and resolved at {@code time}.
   *
   * @return whether the member starts flapping with it
   */
  private boolean flip(MemberState member, long time) {
    int threshold = settings.flapFlips();
    if (threshold == 0) {
      return false;
    }
    long window = settings.flapWindow().toMillis();
    member.flips.add(time);
    member.flips.removeIf(at -> at <= time - window);
    while (member.flips.size() > threshold) {
      member.flips.remove(0);
    }
    if (!member.flapping && member.flips.size() >= threshold) {
      LOG.info(
          "alert {} flaps: {} flips within {}",
          member.fingerprint,
          threshold,
          settings.flapWindow());
      member.flapping = true;
      return true;
    }
    return false;
  }

  private void onResolved(Alert alert, long time) {
    Optional<IncidentState> found = incidentOf(alert.getFingerprint());
    if (found.isPresent() && found.get().sealed()) {
      // Its incident reached the maximum lifetime and was closed: nothing left to update.
      return;
    }
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
      boolean starts = flip(member, time);
      // A flapping alert's flips ride along with the next version.
      change = !member.flapping || starts;
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
    if (found.isPresent() && found.get().sealed()) {
      // Its incident reached the maximum lifetime: the alert starts over in one continuing it.
      store.unassign(alert.getFingerprint());
      found = Optional.empty();
    }
    if (found.isPresent()) {
      onRepeat(found.get(), alert, time);
      return;
    }
    String groupKey = GroupKeys.of(alert, settings.servicelessGroupLabels());
    List<IncidentState> incidents = store.all();
    IncidentMatcher.Decision decision = matcher.decide(alert, groupKey, incidents, topology);
    if (decision.join().isPresent()) {
      IncidentMatcher.Candidate candidate =
          mergeRelated(decision.related(), alert, time).orElse(decision.join().get());
      join(candidate.incident(), alert, groupKey, candidate.match(), time);
    } else {
      open(alert, groupKey, time, decision.overflowOf().orElse(null), incidents);
    }
  }

  /**
   * Makes the open incidents the alert relates to one incident, as far as the member limit allows:
   * the oldest (earliest first alert, then smallest id) absorbs the others, oldest first.
   *
   * @param related the incidents the alert could join, preferred first
   * @return where the alert joins: the surviving incident with the alert's preferred match among
   *     the merged incidents; empty when nothing was merged
   */
  private Optional<IncidentMatcher.Candidate> mergeRelated(
      List<IncidentMatcher.Candidate> related, Alert alert, long time) {
    IncidentMatcher.Candidate preferred = related.get(0);
    List<IncidentState> open = new ArrayList<>();
    for (IncidentMatcher.Candidate candidate : related) {
      if (!candidate.incident().resolved()
          && (candidate == preferred || belongTogether(preferred, candidate))) {
        open.add(candidate.incident());
      }
    }
    if (open.size() < 2) {
      return Optional.empty();
    }
    open.sort(
        Comparator.<IncidentState>comparingLong(incident -> incident.firstSeen)
            .thenComparing(incident -> incident.id));
    IncidentState survivor = open.get(0);
    // Room for the members of the others and the alert itself.
    int room = settings.maxMembers() - 1 - survivor.members.size();
    List<String> merged = new ArrayList<>(List.of(survivor.id));
    for (IncidentState other : open.subList(1, open.size())) {
      if (other.members.size() > room) {
        LOG.info(
            "not merging incident {} into {}: together they would exceed {} alerts",
            other.id,
            survivor.id,
            settings.maxMembers());
        continue;
      }
      room -= other.members.size();
      absorb(survivor, other, alert, time);
      merged.add(other.id);
    }
    if (merged.size() == 1) {
      return Optional.empty();
    }
    store.save(survivor);
    markChanged(survivor, true);
    for (IncidentMatcher.Candidate candidate : related) {
      if (merged.contains(candidate.incident().id)) {
        return Optional.of(new IncidentMatcher.Candidate(survivor, candidate.match()));
      }
    }
    throw new IllegalStateException("the surviving incident is one of the related ones");
  }

  /**
   * Whether the incident the alert joins and another it relates to are one fault: they began within
   * the cause window of each other, or the alert is a possible cause of one of them (a dependency
   * of its services, still within its cause window) and so links the two. An alert that is only an
   * effect of both (a caller of both faults' services, or a service both reach) joins one and
   * merges nothing: two faults can share victims.
   */
  private boolean belongTogether(
      IncidentMatcher.Candidate preferred, IncidentMatcher.Candidate other) {
    if (settings.causeWindow().isZero()) {
      return true;
    }
    long apart = Math.abs(preferred.incident().firstSeen - other.incident().firstSeen);
    return apart <= settings.causeWindow().toMillis()
        || possibleCause(preferred)
        || possibleCause(other);
  }

  /**
   * Whether the alert is a dependency of a service where the candidate incident began (alerting
   * within the cause window after its first alert; the match itself only stands within that
   * window): it may explain that incident's fault.
   */
  private boolean possibleCause(IncidentMatcher.Candidate candidate) {
    return candidate.match().dependencyOfMember()
        && candidate.incident().beganAt(candidate.match().memberService());
  }

  /** Moves the members of {@code other} into {@code survivor} and forgets {@code other}. */
  private void absorb(IncidentState survivor, IncidentState other, Alert alert, long time) {
    LOG.info(
        "merging incident {} into {}: alert {} relates to both",
        other.id,
        survivor.id,
        alert.getFingerprint());
    changed.remove(other.id);
    if (other.published()) {
      other.version++;
      other.lastEmittedStatus = IncidentStatus.CLOSED;
      other.lastSeen = Math.max(other.lastSeen, time);
      List<Mute> mutes = mutesAt(other, time);
      other.suppressionKey = suppressionKey(mutes);
      mergedAway.add(
          IncidentRenderer.render(
              other,
              IncidentStatus.CLOSED,
              survivor.id,
              mutes,
              false,
              "merged into " + survivor.id));
    }
    String through =
        alert.getName() + (alert.getService() == null ? "" : " on " + alert.getService());
    for (MemberState member : other.members) {
      if (member.joinKind != JoinRuleKind.MERGE) {
        String there =
            member.joinDetail != null
                ? member.joinDetail
                : member.joinKind == JoinRuleKind.FIRST_ALERT
                    ? "first alert"
                    : member.joinKind.toString();
        member.joinDetail = "merged from " + other.id + " through " + through + "; there: " + there;
        member.joinKind = JoinRuleKind.MERGE;
        member.relatedFingerprint = alert.getFingerprint();
      }
      survivor.members.add(member);
      store.assign(member.fingerprint, survivor.id);
    }
    survivor.mergedFrom.addAll(other.mergedFrom);
    survivor.mergedFrom.add(other.id);
    survivor.firstSeen = Math.min(survivor.firstSeen, other.firstSeen);
    survivor.lastSeen = Math.max(survivor.lastSeen, Math.max(other.lastSeen, time));
    survivor.lastFiring = Math.max(survivor.lastFiring, other.lastFiring);
    survivor
        .sharedLabels
        .entrySet()
        .removeIf(e -> !e.getValue().equals(other.sharedLabels.get(e.getKey())));
    if (!survivor.published()) {
      // An incident already out keeps its story: the survivor appears in the same instant.
      survivor.publishAt = Math.min(survivor.publishAt, other.published() ? time : other.publishAt);
    }
    store.delete(other.id);
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
    if (alert.getScore() != null) {
      member.score =
          member.score == null ? alert.getScore() : Math.max(member.score, alert.getScore());
    }
    boolean change = false;
    if (!member.firing()) {
      member.status = AlertStatus.FIRING;
      boolean starts = flip(member, time);
      change = !member.flapping || starts;
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
    incident.members.add(member(alert, groupKey, time, match));
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
      IncidentState evicted = store.find(leastRecent.id).orElseThrow();
      if (evicted.sealed()) {
        forget(evicted);
      } else {
        close(evicted, time, false);
      }
    }
    long startsAt = alert.getStartsAt().toEpochMilli();
    IncidentState incident = new IncidentState();
    incident.id = IncidentIds.of(alert.getFingerprint(), startsAt, time);
    incident.firstSeen = startsAt;
    incident.openedAt = time;
    incident.lastSeen = Math.max(startsAt, time);
    incident.lastFiring = incident.lastSeen;
    incident.publishAt = AlertTimes.plus(startsAt, settings.groupWait().toMillis());
    incident.continuedFrom = continuedFrom;
    incident.sharedLabels = new HashMap<>(alert.getLabels());
    String detail = null;
    if (continuedFrom != null) {
      boolean sealed = store.find(continuedFrom).map(IncidentState::sealed).orElse(false);
      detail =
          "continues "
              + continuedFrom
              + (sealed ? ", which reached its maximum lifetime" : ", which is full");
    }
    MemberState first = member(alert, groupKey, time, null);
    first.joinDetail = detail;
    incident.members.add(first);
    store.save(incident);
    store.assign(alert.getFingerprint(), incident.id);
    markChanged(incident, true);
  }

  /** A new member; {@code match} null for the first alert of an incident. */
  private static MemberState member(Alert alert, String groupKey, long time, JoinMatch match) {
    MemberState member = new MemberState();
    member.fingerprint = alert.getFingerprint();
    member.name = alert.getName();
    member.service = alert.getService();
    member.severity = alert.getSeverity();
    member.status = AlertStatus.FIRING;
    member.firstSeen = alert.getStartsAt().toEpochMilli();
    member.lastSeen = Math.max(member.firstSeen, time);
    member.occurrences = 1;
    member.joinKind = match == null ? JoinRuleKind.FIRST_ALERT : match.kind();
    if (match != null) {
      member.relatedFingerprint = match.relatedFingerprint();
      member.joinDetail = match.detail();
      member.joinPath = new ArrayList<>(match.path());
      member.joinLabels = new java.util.TreeMap<>(match.sharedLabels());
      member.joinTemplate = match.templateId();
    }
    member.groupKey = groupKey;
    member.labels = AlertLabels.of(alert);
    member.templateId = SameTemplateRule.templateOf(alert);
    member.score = alert.getScore();
    return member;
  }

  /**
   * Publishes a last version with status CLOSED and forgets the incident. An incident still in its
   * group wait is published first, so that its alerts are not lost.
   *
   * @param seal keep the incident, unpublished, for a group window, so that a related alert opens
   *     an incident that continues it (when it reached its maximum lifetime)
   */
  private void close(IncidentState incident, long time, boolean seal) {
    if (changed.containsKey(incident.id)) {
      publish(incident.id, changed.remove(incident.id), time);
      incident = store.find(incident.id).orElseThrow();
    }
    if (!incident.published()) {
      incident.rootCauses = new ArrayList<>(RootCauseRanker.rank(incident, topology));
      emit(incident, IncidentStatus.OPEN, time, Cause.CHANGE);
    }
    if (incident.resolvedAt == null) {
      incident.resolvedAt = time;
    }
    incident.lastSeen = Math.max(incident.lastSeen, time);
    emit(incident, IncidentStatus.CLOSED, time, Cause.CHANGE);
    if (seal) {
      incident.sealedAt = time;
      store.save(incident);
      return;
    }
    forget(incident);
  }

  /** Drops the incident's state and its fingerprints' index entries. */
  private void forget(IncidentState incident) {
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

  private void publishChanges(long time) {
    List<Map.Entry<String, Boolean>> pending = new ArrayList<>(changed.entrySet());
    changed.clear();
    for (Map.Entry<String, Boolean> entry : pending) {
      publish(entry.getKey(), entry.getValue(), time);
      notifyDue.remove(entry.getKey());
    }
    for (String id : notifyDue) {
      Optional<IncidentState> found = store.find(id);
      if (found.isPresent() && found.get().published() && !found.get().sealed()) {
        // Nothing changed in this instant: the notification repeats the latest version.
        IncidentState incident = found.get();
        IncidentStatus status =
            incident.lastEmittedStatus == IncidentStatus.OPEN
                ? IncidentStatus.UPDATED
                : incident.lastEmittedStatus;
        emit(incident, status, time, Cause.CADENCE);
        store.save(incident);
      }
    }
    notifyDue.clear();
    published.addAll(mergedAway);
    mergedAway.clear();
  }

  private void publish(String incidentId, boolean membershipChanged, long time) {
    Optional<IncidentState> found = store.find(incidentId);
    if (found.isEmpty()) {
      return;
    }
    IncidentState incident = found.get();
    if (!incident.published() && time < incident.publishAt) {
      // Still in its group wait: the change goes into the first version.
      return;
    }
    if (membershipChanged || !incident.published()) {
      incident.rootCauses = new ArrayList<>(RootCauseRanker.rank(incident, topology));
    }
    if (incident.version == 0) {
      if (incident.resolved()) {
        // Opened and resolved within one instant: both steps are published, the second notifies.
        emit(incident, IncidentStatus.OPEN, time, Cause.SUPERSEDED);
        emit(incident, IncidentStatus.RESOLVED, time, Cause.CHANGE);
      } else {
        emit(incident, IncidentStatus.OPEN, time, Cause.CHANGE);
      }
    } else if (incident.resolved()) {
      emit(incident, IncidentStatus.RESOLVED, time, Cause.CHANGE);
    } else if (incident.lastEmittedStatus == IncidentStatus.RESOLVED) {
      emit(incident, IncidentStatus.REOPENED, time, Cause.CHANGE);
    } else {
      emit(incident, IncidentStatus.UPDATED, time, Cause.CHANGE);
    }
    store.save(incident);
  }

  /**
   * Publishes a version and decides whether it notifies (Alertmanager's cadence): the first version
   * that is not muted does (group_wait); later ones do when the group interval since the last
   * notification ran out, and otherwise leave a notification pending for the end of it; a CLOSED
   * version does when changes are pending (no later version could carry them); a muted one never
   * does.
   */
  private void emit(IncidentState incident, IncidentStatus status, long time, Cause cause) {
    incident.version++;
    incident.lastEmittedStatus = status;
    List<Mute> mutes = mutesAt(incident, time);
    incident.suppressionKey = suppressionKey(mutes);
    incident.suppressionCheckedAt = Math.max(incident.suppressionCheckedAt, time);
    incident.muted = IncidentRenderer.suppression(mutes) != null;
    boolean notify;
    String reason;
    if (incident.muted) {
      notify = false;
      reason = "muted";
      // Unmuting is a change and notifies then.
      incident.notifyPending = false;
    } else if (cause == Cause.SUPERSEDED) {
      notify = false;
      reason = "superseded";
      incident.notifyPending = true;
    } else if (incident.lastNotifiedAt == null) {
      notify = true;
      reason = "group_wait";
    } else if (status == IncidentStatus.CLOSED) {
      notify = incident.notifyPending;
      reason = notify ? "closed with changes not yet notified" : "closed";
    } else if (cause == Cause.CADENCE && !incident.notifyPending) {
      notify = true;
      reason = "repeat_interval";
    } else if (time
        >= AlertTimes.plus(incident.lastNotifiedAt, settings.groupInterval().toMillis())) {
      notify = true;
      reason = "group_interval";
    } else {
      notify = false;
      reason = "batched";
      incident.notifyPending = true;
    }
    if (notify) {
      incident.lastNotifiedAt = time;
      incident.notifyPending = false;
    }
    published.add(IncidentRenderer.render(incident, status, null, mutes, notify, reason));
  }

  /**
   * What mutes each member at {@code time} (null entries for members nothing mutes); null when
   * nothing can be muted at all.
   */
  private List<Mute> mutesAt(IncidentState incident, long time) {
    if (!suppressor.active()) {
      return null;
    }
    List<Mute> mutes = new ArrayList<>(incident.members.size());
    for (MemberState member : incident.members) {
      mutes.add(
          suppressor
              .muteOf(member.labels, member.fingerprint, member.firstSeen, time)
              .orElse(null));
    }
    return mutes;
  }

  /** A short signature of the mutes, to see whether they changed; null when nothing is muted. */
  private static String suppressionKey(List<Mute> mutes) {
    if (mutes == null) {
      return null;
    }
    StringBuilder key = new StringBuilder();
    boolean any = false;
    for (Mute mute : mutes) {
      key.append(mute == null ? "" : mute.kind() + ":" + mute.id()).append('\n');
      any |= mute != null;
    }
    return any ? key.toString() : null;
  }

  /** Marks the incident changed when what mutes its members at {@code time} changed. */
  private void checkSuppression(IncidentState incident, long time) {
    incident.suppressionCheckedAt = Math.max(incident.suppressionCheckedAt, time);
    String key = suppressionKey(mutesAt(incident, time));
    store.save(incident);
    if (!java.util.Objects.equals(key, incident.suppressionKey)) {
      markChanged(incident, false);
    }
  }

  private List<Incident> drainPublished() {
    List<Incident> result = new ArrayList<>(published);
    published.clear();
    return result;
  }
}
