/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.JoinRuleKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An alert without a service joins an incident that has an alert without a service of the same name
 * and grouping labels (as Alertmanager's group_by does).
 */
public final class SharedLabelsRule implements JoinRule {

  private final List<String> groupLabels;

  public SharedLabelsRule(List<String> groupLabels) {
    this.groupLabels = List.copyOf(groupLabels);
  }

  @Override
  public Optional<JoinMatch> match(
      Alert alert, String groupKey, IncidentState incident, Topology topology) {
    if (groupKey == null) {
      return Optional.empty();
    }
    for (MemberState member : incident.members) {
      if (groupKey.equals(member.groupKey)) {
        return Optional.of(
            new JoinMatch(
                JoinRuleKind.SHARED_LABELS,
                JoinMatch.SHARED_LABELS,
                member.fingerprint,
                GroupKeys.describe(alert, groupLabels),
                List.of(),
                shared(alert),
                null));
      }
    }
    return Optional.empty();
  }

  private Map<String, String> shared(Alert alert) {
    Map<String, String> shared = new TreeMap<>();
    shared.put("alertname", alert.getName());
    for (String label : groupLabels) {
      shared.put(label, alert.getLabels().get(label));
    }
    return shared;
  }
}
