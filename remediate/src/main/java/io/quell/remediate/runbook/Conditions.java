/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.Severity;
import java.util.EnumSet;
import java.util.Set;

/** The conditions rules are built from. */
public final class Conditions {

  private Conditions() {}

  /** The incident's severity is {@code minimum} or more urgent (symbols ascend in urgency). */
  public static Condition severityAtLeast(Severity minimum) {
    return Condition.of(
        "severity >= " + minimum,
        incident -> incident.getSeverity().ordinal() >= minimum.ordinal());
  }

  /** The incident is in none of {@code statuses}. */
  public static Condition statusNotIn(IncidentStatus first, IncidentStatus... rest) {
    Set<IncidentStatus> excluded = EnumSet.of(first, rest);
    return Condition.of(
        "status not in " + excluded, incident -> !excluded.contains(incident.getStatus()));
  }

  /** The incident is still open: neither RESOLVED nor CLOSED. */
  public static Condition open() {
    return statusNotIn(IncidentStatus.RESOLVED, IncidentStatus.CLOSED);
  }

  /** No silence or maintenance window mutes the incident (muted incidents get no remediation). */
  public static Condition notSuppressed() {
    return Condition.of("not suppressed", incident -> incident.getSuppression() == null);
  }

  /** The incident was not merged into another one (that one gets the remediation). */
  public static Condition notMerged() {
    return Condition.of("not merged", incident -> incident.getMergedInto() == null);
  }
}
