/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.JoinRuleKind;
import java.util.Optional;

/** An alert joins an incident that already has an alert on its service. */
public final class SameServiceRule implements JoinRule {

  @Override
  public Optional<JoinMatch> match(
      Alert alert, String groupKey, IncidentState incident, Topology topology) {
    String service = alert.getService();
    if (service == null) {
      return Optional.empty();
    }
    for (MemberState member : incident.members) {
      if (service.equals(member.service)) {
        return Optional.of(
            new JoinMatch(
                JoinRuleKind.SAME_SERVICE,
                JoinMatch.SAME_SERVICE,
                member.fingerprint,
                "same service " + service + " as " + member.name));
      }
    }
    return Optional.empty();
  }
}
