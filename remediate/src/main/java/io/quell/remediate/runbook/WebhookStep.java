/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.RemediationAction;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Posts the incident as JSON ({@link IncidentPayloads}) to a generic webhook; the dispatcher signs
 * the request and adds the idempotency key.
 *
 * @param target where to post; credentials never go here (the dispatcher signs with its secret)
 * @param event the event name in the payload, for example {@code incident.critical}
 * @param payloads renders the body
 * @param maxAttempts attempts the dispatcher may make on transient failures
 * @param dryRun whether the dispatcher only records the action
 * @param deadline how long after the incident's lastSeen the action may run; null for no deadline
 */
public record WebhookStep(
    URI target,
    String event,
    IncidentPayloads payloads,
    int maxAttempts,
    boolean dryRun,
    Duration deadline)
    implements ActionStep {

  public WebhookStep {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(payloads, "payloads");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (deadline != null && (deadline.isZero() || deadline.isNegative())) {
      deadline = null;
    }
  }

  @Override
  public String name() {
    return "notify-webhook";
  }

  @Override
  public RemediationAction plan(Incident incident, String rule, int stepIndex, int episode) {
    String actionId = ActionIds.of(incident.getId(), rule, stepIndex, episode);
    return RemediationAction.newBuilder()
        .setActionId(actionId)
        .setIncidentId(incident.getId())
        .setIncidentVersion(incident.getVersion())
        .setRule(rule)
        .setStepIndex(stepIndex)
        .setStepName(name())
        .setKind(ActionKind.GENERIC_WEBHOOK)
        .setTargetUrl(target.toString())
        .setMethod("POST")
        .setPayload(payloads.render(incident, event, actionId, rule))
        .setDryRun(dryRun)
        .setRequiresApproval(false)
        .setMaxAttempts(maxAttempts)
        // Event time of the incident, so that a replay yields an identical action.
        .setCreatedAt(incident.getLastSeen())
        .setDeadline(deadline == null ? null : incident.getLastSeen().plus(deadline))
        .build();
  }
}
