/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.correlate.core.suppress.Mute;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.JoinReason;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.avro.Suppression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** Renders the published {@link Incident} from the correlator's {@link IncidentState}. */
public final class IncidentRenderer {

  private IncidentRenderer() {}

  public static Incident render(IncidentState state, IncidentStatus status) {
    return render(state, status, null);
  }

  /**
   * Renders a version of {@code state}.
   *
   * @param mergedInto the incident this one was merged into (for its last version), or null
   */
  public static Incident render(IncidentState state, IncidentStatus status, String mergedInto) {
    return render(state, status, mergedInto, null);
  }

  /**
   * Renders a version of {@code state} with what mutes its members.
   *
   * @param mutes one entry per member, in order, null for a member nothing mutes; null when nothing
   *     is muted at all
   */
  public static Incident render(
      IncidentState state, IncidentStatus status, String mergedInto, List<Mute> mutes) {
    return render(state, status, mergedInto, mutes, true, null);
  }

  /**
   * Renders a version of {@code state} with what mutes its members and whether it notifies.
   *
   * @param notify whether the version is a notification (see {@code Incident.notify})
   * @param notifyReason why it is or is not one
   */
  public static Incident render(
      IncidentState state,
      IncidentStatus status,
      String mergedInto,
      List<Mute> mutes,
      boolean notify,
      String notifyReason) {
    TreeSet<String> services = services(state);
    List<MemberAlert> alerts = new ArrayList<>(state.members.size());
    Severity severity = Severity.INFO;
    for (int index = 0; index < state.members.size(); index++) {
      MemberState member = state.members.get(index);
      Mute mute = mutes == null ? null : mutes.get(index);
      if (member.severity.ordinal() > severity.ordinal()) {
        severity = member.severity;
      }
      alerts.add(
          MemberAlert.newBuilder()
              .setFingerprint(member.fingerprint)
              .setName(member.name)
              .setService(member.service)
              .setSeverity(member.severity)
              .setStatus(member.status)
              .setFirstSeen(Instant.ofEpochMilli(member.firstSeen))
              .setLastSeen(Instant.ofEpochMilli(member.lastSeen))
              .setOccurrences(member.occurrences)
              .setJoinReason(
                  JoinReason.newBuilder()
                      .setKind(member.joinKind)
                      .setRelatedFingerprint(member.relatedFingerprint)
                      .setDetail(member.joinDetail)
                      .setPath(new ArrayList<>(member.joinPath))
                      .setSharedLabels(new TreeMap<>(member.joinLabels))
                      .setTemplateId(member.joinTemplate)
                      .build())
              .setSuppression(mute == null ? null : mute.toSuppression())
              .setFlapping(member.flapping)
              .build());
    }
    List<RootCauseCandidate> rootCauses = new ArrayList<>(state.rootCauses.size());
    for (int i = 0; i < state.rootCauses.size(); i++) {
      RootCause cause = state.rootCauses.get(i);
      rootCauses.add(
          RootCauseCandidate.newBuilder()
              .setRank(i + 1)
              .setService(cause.service)
              .setScore(cause.score)
              .setEvidence(cause.evidence)
              .setSignals(new TreeMap<>(cause.signals()))
              .build());
    }
    return Incident.newBuilder()
        .setId(state.id)
        .setVersion(state.version)
        .setStatus(status)
        .setTitle(title(state))
        .setSeverity(severity)
        .setServices(new ArrayList<>(services))
        .setAlerts(alerts)
        .setRootCauses(rootCauses)
        .setFirstSeen(Instant.ofEpochMilli(state.firstSeen))
        .setLastSeen(Instant.ofEpochMilli(state.lastSeen))
        .setResolvedAt(state.resolvedAt == null ? null : Instant.ofEpochMilli(state.resolvedAt))
        .setMergedInto(mergedInto)
        .setContinuedFrom(state.continuedFrom)
        .setMergedFrom(new ArrayList<>(state.mergedFrom))
        // Sorted, so that equal states render to equal records.
        .setLabels(new TreeMap<>(state.sharedLabels))
        .setSuppression(suppression(mutes))
        .setNotify(notify)
        .setNotifyReason(notifyReason)
        .build();
  }

  /**
   * The incident is muted when every member is: it then names the first member's mute, and says so
   * when the members are muted by different silences or rules.
   */
  static Suppression suppression(List<Mute> mutes) {
    if (mutes == null || mutes.isEmpty() || mutes.contains(null)) {
      return null;
    }
    Mute first = mutes.get(0);
    long others = mutes.stream().filter(mute -> !mute.id().equals(first.id())).count();
    Suppression suppression = first.toSuppression();
    if (others > 0) {
      String reason = first.reason() == null ? first.id() : first.reason();
      suppression.setReason(
          reason
              + "; "
              + others
              + " of "
              + mutes.size()
              + " alerts muted by other silences or rules");
    }
    return suppression;
  }

  /**
   * A title a person can scan: {@code "orders-db: 7 alerts on 4 services"}, led by the top
   * root-cause candidate; {@code "orders-db: HighLatency"} for a single alert; the alert name leads
   * when no member has a service.
   */
  public static String title(IncidentState state) {
    MemberState first = state.members.get(0);
    int alertCount = state.members.size();
    int serviceCount = services(state).size();
    String lead;
    if (!state.rootCauses.isEmpty()) {
      lead = state.rootCauses.get(0).service;
    } else {
      lead = first.service != null ? first.service : first.name;
    }
    if (alertCount == 1) {
      return first.service == null ? first.name : lead + ": " + first.name;
    }
    String alerts = alertCount + " alerts";
    if (serviceCount == 0) {
      return lead + ": " + alerts;
    }
    return lead
        + ": "
        + alerts
        + " on "
        + serviceCount
        + (serviceCount == 1 ? " service" : " services");
  }

  private static TreeSet<String> services(IncidentState state) {
    TreeSet<String> services = new TreeSet<>();
    for (MemberState member : state.members) {
      if (member.service != null) {
        services.add(member.service);
      }
    }
    return services;
  }
}
