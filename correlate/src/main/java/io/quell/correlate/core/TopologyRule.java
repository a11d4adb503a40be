/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.TopologyEdge;
import java.util.Optional;

/**
 * An alert joins an incident when its service and a service of the incident are directly connected,
 * in either direction. The alert's service calling a member's service ranks higher: faults spread
 * from a dependency to its callers.
 */
public final class TopologyRule implements JoinRule {

  @Override
  public Optional<JoinMatch> match(
      Alert alert, String groupKey, IncidentState incident, Topology topology) {
    String service = alert.getService();
    if (service == null) {
      return Optional.empty();
    }
    JoinMatch best = null;
    for (MemberState member : incident.members) {
      if (member.service == null || member.service.equals(service)) {
        continue;
      }
      Optional<TopologyEdge> calls = topology.edge(service, member.service);
      if (calls.isPresent()) {
        // The first member in join order wins among equals: stable and explainable.
        if (best == null || best.strength() < JoinMatch.CALLS_MEMBER) {
          best =
              new JoinMatch(
                  JoinRuleKind.TOPOLOGY,
                  JoinMatch.CALLS_MEMBER,
                  member.fingerprint,
                  describe(calls.get()));
        }
        continue;
      }
      Optional<TopologyEdge> calledBy = topology.edge(member.service, service);
      if (calledBy.isPresent() && best == null) {
        best =
            new JoinMatch(
                JoinRuleKind.TOPOLOGY,
                JoinMatch.CALLED_BY_MEMBER,
                member.fingerprint,
                describe(calledBy.get()));
      }
    }
    return Optional.ofNullable(best);
  }

  static String describe(TopologyEdge edge) {
    return edge.getCaller() + " calls " + edge.getCallee() + " (" + edge.getKind() + ")";
  }
}
