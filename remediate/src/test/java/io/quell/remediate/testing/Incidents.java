/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.testing;

import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.JoinReason;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Incident versions for tests, at named instants. */
public final class Incidents {

  public static final Instant OUTAGE_START = Instant.parse("2026-03-02T09:15:00.123Z");
  public static final Instant FIRST_ALERT = OUTAGE_START.plusSeconds(30);
  public static final Instant ESCALATED = OUTAGE_START.plusSeconds(90);
  public static final Instant RESOLVED = OUTAGE_START.plusSeconds(600);

  private Incidents() {}

  /**
   * Version {@code version} of incident {@code id}: two member alerts on checkout and payments, one
   * root-cause candidate, lastSeen moving forward a minute per version.
   */
  public static Incident.Builder version(String id, long version, Severity severity) {
    Instant lastSeen = FIRST_ALERT.plusSeconds(60 * version);
    return Incident.newBuilder()
        .setId(id)
        .setVersion(version)
        .setStatus(version == 1 ? IncidentStatus.OPEN : IncidentStatus.UPDATED)
        .setTitle("HighErrorRate on checkout")
        .setSeverity(severity)
        .setServices(List.of("checkout", "payments"))
        .setAlerts(
            List.of(
                member("a1", "HighErrorRate", "checkout", JoinRuleKind.FIRST_ALERT, null),
                member("b2", "HighLatency", "payments", JoinRuleKind.TOPOLOGY, "a1")))
        .setRootCauses(
            List.of(
                RootCauseCandidate.newBuilder()
                    .setRank(1)
                    .setService("payments")
                    .setScore(0.8)
                    .setEvidence("alerted first among the callees of checkout")
                    .build()))
        .setFirstSeen(FIRST_ALERT)
        .setLastSeen(lastSeen)
        .setLabels(Map.of("env", "prod", "team", "shop"));
  }

  public static Incident critical(String id, long version) {
    return version(id, version, Severity.CRITICAL).build();
  }

  public static Incident warning(String id, long version) {
    return version(id, version, Severity.WARNING).build();
  }

  private static MemberAlert member(
      String fingerprint, String name, String service, JoinRuleKind kind, String related) {
    return MemberAlert.newBuilder()
        .setFingerprint(fingerprint)
        .setName(name)
        .setService(service)
        .setSeverity(Severity.CRITICAL)
        .setStatus(AlertStatus.FIRING)
        .setFirstSeen(FIRST_ALERT)
        .setLastSeen(ESCALATED)
        .setOccurrences(3)
        .setJoinReason(
            JoinReason.newBuilder()
                .setKind(kind)
                .setRelatedFingerprint(related)
                .setDetail(related == null ? null : "checkout calls payments")
                .build())
        .build();
  }
}
