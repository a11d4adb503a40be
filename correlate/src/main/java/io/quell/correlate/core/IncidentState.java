/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.IncidentStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the correlator remembers about one incident between alerts; the published {@code
 * Incident} is rendered from it. Public fields and a no-argument constructor make it a Flink POJO
 * (lists and maps included), so the job stores it without Kryo and can add fields later.
 *
 * <p>Times are event time in epoch milliseconds.
 */
public class IncidentState {
  public String id;

  /** Version of the latest published incident; 0 before the first. */
  public long version;

  /** Status of the latest published version; null before the first. */
  public IncidentStatus lastEmittedStatus;

  /**
   * Until when a new incident waits before its first version is published (group wait); only
   * meaningful while {@link #version} is 0.
   */
  public long publishAt;

  /**
   * Event time at which the incident opened; its maximum lifetime counts from here (or from {@link
   * #firstSeen} when later, and for states kept before this field existed, where it is 0).
   */
  public long openedAt;

  /** Earliest start of any member alert. */
  public long firstSeen;

  /** Latest alert occurrence or status change: the incident's last activity. */
  public long lastSeen;

  /** Latest time a member was heard firing; the quiet period counts from here. */
  public long lastFiring;

  /** When the incident resolved; null while it is open. */
  public Long resolvedAt;

  /** Id of an incident that this one continues (one that was full), or null. */
  public String continuedFrom;

  /** Members in the order they joined. */
  public List<MemberState> members = new ArrayList<>();

  /** Labels every member has with the same value. */
  public Map<String, String> sharedLabels = new HashMap<>();

  /** Root-cause candidates, best first, as of the latest change of membership. */
  public List<RootCause> rootCauses = new ArrayList<>();

  /**
   * What muted the members in the latest published version (one entry per member, in order); null
   * before the first version or when nothing was muted. A change publishes a new version.
   */
  public String suppressionKey;

  /** Event time up to which the muting of the members was last checked. */
  public long suppressionCheckedAt;

  /** Ids of the incidents merged into this one, in merge order. */
  public List<String> mergedFrom = new ArrayList<>();

  /** Event time of the latest notification (a version with notify true); null before the first. */
  public Long lastNotifiedAt;

  /** Whether versions were published since the latest notification that it did not carry. */
  public boolean notifyPending;

  /** Whether every member was muted in the latest published version: it notifies no one. */
  public boolean muted;

  /**
   * When the incident was closed for reaching its maximum lifetime; null otherwise. Such an
   * incident is kept a group window longer, published no more, so that related alerts open an
   * incident that continues it.
   */
  public Long sealedAt;

  public IncidentState() {}

  /** A deep copy: stores that serialize (like RocksDB) hand out copies, so tests do too. */
  public IncidentState copy() {
    IncidentState copy = new IncidentState();
    copy.id = id;
    copy.version = version;
    copy.lastEmittedStatus = lastEmittedStatus;
    copy.publishAt = publishAt;
    copy.openedAt = openedAt;
    copy.firstSeen = firstSeen;
    copy.lastSeen = lastSeen;
    copy.lastFiring = lastFiring;
    copy.resolvedAt = resolvedAt;
    copy.continuedFrom = continuedFrom;
    copy.members = new ArrayList<>(members.size());
    members.forEach(member -> copy.members.add(member.copy()));
    copy.sharedLabels = new HashMap<>(sharedLabels);
    copy.rootCauses = new ArrayList<>(rootCauses.size());
    rootCauses.forEach(cause -> copy.rootCauses.add(cause.copy()));
    copy.suppressionKey = suppressionKey;
    copy.suppressionCheckedAt = suppressionCheckedAt;
    copy.mergedFrom = new ArrayList<>(mergedFrom);
    copy.lastNotifiedAt = lastNotifiedAt;
    copy.notifyPending = notifyPending;
    copy.muted = muted;
    copy.sealedAt = sealedAt;
    return copy;
  }

  /** Whether a version was published: false while the incident waits out its group wait. */
  boolean published() {
    return version > 0;
  }

  boolean resolved() {
    return resolvedAt != null;
  }

  /**
   * Whether the incident began at {@code service}: its first alert (the one that opened it; after a
   * merge, the surviving incident's) is about that service.
   */
  boolean beganAt(String service) {
    return !members.isEmpty() && service != null && service.equals(members.get(0).service);
  }

  /** When the incident's maximum lifetime began. */
  long lifetimeStart() {
    return Math.max(firstSeen, openedAt);
  }

  /** Closed for its lifetime and kept only so that related alerts can continue it. */
  boolean sealed() {
    return sealedAt != null;
  }

  Optional<MemberState> member(String fingerprint) {
    for (MemberState member : members) {
      if (member.fingerprint.equals(fingerprint)) {
        return Optional.of(member);
      }
    }
    return Optional.empty();
  }

  boolean allMembersResolved() {
    for (MemberState member : members) {
      if (member.status != AlertStatus.RESOLVED || member.flapping) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "IncidentState[" + id + " v" + version + ", " + members.size() + " members]";
  }
}
