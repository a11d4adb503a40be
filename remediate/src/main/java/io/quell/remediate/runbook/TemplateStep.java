/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.RemediationAction;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A step of a runbook file: a request built from templates over the incident ({@link
 * IncidentTemplate}). {@link RunbookFile} builds one per step, with the body templates of its kind
 * (Slack, PagerDuty, Jira, a generic webhook or an HTTP scale/restart call).
 *
 * @param name the step's name within its rule
 * @param kind the receiver kind, which decides how the dispatcher sends it
 * @param method HTTP method of the request
 * @param url URL template (placeholders only after the host)
 * @param body body template, a JSON tree
 * @param resolveBody body template of the notification sent when the incident resolves after the
 *     step ran, or null for none
 * @param contentType Content-Type of the request, or null for JSON
 * @param automatic counted by the budget and held by the circuit breaker
 * @param requiresApproval held until a person approves it
 * @param verifyWithin watch time after which an unresolved incident makes the step INEFFECTIVE
 * @param cooldown least time between two runs for one incident, or null for the default
 * @param maxAttempts attempts the dispatcher may make
 * @param deadline how long after the incident's lastSeen the action may still run, or null
 * @param dryRun the rule is a dry run: recorded, never sent
 */
public record TemplateStep(
    String name,
    ActionKind kind,
    String method,
    String url,
    JsonNode body,
    JsonNode resolveBody,
    String contentType,
    boolean automatic,
    boolean requiresApproval,
    Duration verifyWithin,
    Duration cooldown,
    int maxAttempts,
    Duration deadline,
    boolean dryRun)
    implements ActionStep {

  private static final ObjectMapper JSON = new ObjectMapper();

  public TemplateStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(body, "body");
    IncidentTemplate.validateUrl(url);
    IncidentTemplate.validate(body);
    IncidentTemplate.validate(resolveBody);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (deadline != null && (deadline.isZero() || deadline.isNegative())) {
      deadline = null;
    }
    if (verifyWithin != null && (verifyWithin.isZero() || verifyWithin.isNegative())) {
      verifyWithin = null;
    }
  }

  @Override
  public RemediationAction plan(Incident incident, String rule, int stepIndex, int episode) {
    String actionId = ActionIds.of(incident.getId(), rule, stepIndex, episode);
    return build(incident, rule, stepIndex, episode, actionId, body);
  }

  @Override
  public Optional<RemediationAction> planResolve(
      Incident incident, String rule, int stepIndex, int episode) {
    if (resolveBody == null) {
      return Optional.empty();
    }
    String actionId = ActionIds.resolveOf(ActionIds.of(incident.getId(), rule, stepIndex, episode));
    return Optional.of(build(incident, rule, stepIndex, episode, actionId, resolveBody));
  }

  private RemediationAction build(
      Incident incident,
      String rule,
      int stepIndex,
      int episode,
      String actionId,
      JsonNode template) {
    IncidentTemplate.Values values =
        new IncidentTemplate.Values(
            incident, actionId, rule, name, ActionIds.dedupKey(incident.getId(), rule, episode));
    String payload;
    try {
      payload = JSON.writeValueAsString(IncidentTemplate.render(template, values));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a rendered JSON tree always serializes", e);
    }
    return RemediationAction.newBuilder()
        .setActionId(actionId)
        .setIncidentId(incident.getId())
        .setIncidentVersion(incident.getVersion())
        .setRule(rule)
        .setStepIndex(stepIndex)
        .setStepName(name)
        .setKind(kind)
        .setTargetUrl(IncidentTemplate.renderUrl(url, values))
        .setMethod(method)
        .setPayload(payload)
        .setDryRun(dryRun)
        .setRequiresApproval(false)
        .setMaxAttempts(maxAttempts)
        // Event time of the incident, so that a replay yields an identical action.
        .setCreatedAt(incident.getLastSeen())
        .setDeadline(deadline == null ? null : incident.getLastSeen().plus(deadline))
        .setContentType(contentType)
        .setApprovedBy(null)
        .build();
  }
}
