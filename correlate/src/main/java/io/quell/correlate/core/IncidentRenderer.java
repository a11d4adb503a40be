/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.JoinReason;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Severity;
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
    TreeSet<String> services = services(state);
    List<MemberAlert> alerts = new ArrayList<>(state.members.size());
    Severity severity = Severity.INFO;
    for (MemberState member : state.members) {
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
                      .build())
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
        // Sorted, so that equal states render to equal records.
        .setLabels(new TreeMap<>(state.sharedLabels))
        .build();
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
