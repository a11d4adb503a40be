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

/**
 * An alert joins an incident that has an alert with the same log template: the same failure message
 * logged in two places, whatever their services (see {@link #templateOf} for where the id comes
 * from).
 */
public final class SameTemplateRule implements JoinRule {

  /** The label (or annotation) that carries a log template id. */
  public static final String TEMPLATE_LABEL = "template_id";

  /**
   * The log template an alert is about: its label {@value #TEMPLATE_LABEL}, else its annotation of
   * that name, else its evidence's template id; null when it has none.
   */
  public static String templateOf(Alert alert) {
    String id = alert.getLabels().get(TEMPLATE_LABEL);
    if (blank(id)) {
      id = alert.getAnnotations().get(TEMPLATE_LABEL);
    }
    if (blank(id) && alert.getEvidence() != null) {
      id = alert.getEvidence().getTemplateId();
    }
    return blank(id) ? null : id;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  @Override
  public Optional<JoinMatch> match(
      Alert alert, String groupKey, IncidentState incident, Topology topology) {
    String template = templateOf(alert);
    if (template == null) {
      return Optional.empty();
    }
    for (MemberState member : incident.members) {
      if (template.equals(member.templateId)) {
        return Optional.of(
            new JoinMatch(
                JoinRuleKind.SAME_TEMPLATE,
                JoinMatch.SAME_TEMPLATE,
                member.fingerprint,
                "same log template "
                    + template
                    + " as "
                    + member.name
                    + (member.service == null ? "" : " on " + member.service),
                List.of(),
                Map.of(),
                template));
      }
    }
    return Optional.empty();
  }
}
