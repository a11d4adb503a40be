/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.BreakerNote;
import io.quell.schemas.avro.BreakerState;
import io.quell.schemas.avro.RemediationAction;
import java.net.URI;
import java.time.Instant;

/**
 * The two halves of a document of the actions index, one per remediation step (id = action id):
 * what the step is, from {@link RemediationAction}, and how it ended, from {@link ActionResult}.
 * The halves have no field in common but the ids and the incident version (the same in both), so
 * they merge in either order. The mapping is {@code action-fields.json} beside this class.
 *
 * <p>The target is reduced to its host (and port): a webhook URL often carries a secret in its path
 * (Slack incoming webhooks do), and a search index is no place for it. The payload is left out for
 * the same reason.
 */
public final class ActionDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ActionDocuments() {}

  /** The step: rule, step, kind, target host, flags and times. */
  public static ObjectNode step(RemediationAction action) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("actionId", action.getActionId());
    doc.put("incidentId", action.getIncidentId());
    doc.put("incidentVersion", action.getIncidentVersion());
    doc.put("rule", action.getRule());
    doc.put("stepIndex", action.getStepIndex());
    doc.put("stepName", action.getStepName());
    doc.put("kind", action.getKind().name());
    doc.put("method", action.getMethod());
    String host = targetHost(action.getTargetUrl());
    if (host == null) {
      doc.putNull("targetHost");
    } else {
      doc.put("targetHost", host);
    }
    doc.put("dryRun", action.getDryRun());
    doc.put("requiresApproval", action.getRequiresApproval());
    doc.put("maxAttempts", action.getMaxAttempts());
    doc.put("createdAt", action.getCreatedAt().toString());
    putInstant(doc, "deadline", action.getDeadline());
    return doc;
  }

  /**
   * The result: outcome, HTTP status, attempts, error and times, and the circuit breaker's note
   * when it held the step. The note that the breaker closed again is not a new result: its document
   * has the ids and {@code breaker.state} and {@code breaker.closedAt} only, so the step keeps its
   * outcome and error.
   */
  public static ObjectNode result(ActionResult result) {
    ObjectNode doc = JSON.createObjectNode();
    BreakerNote breaker = result.getBreaker();
    if (breaker != null && breaker.getState() == BreakerState.CLOSED) {
      doc.put("actionId", result.getActionId());
      doc.put("incidentId", result.getIncidentId());
      ObjectNode closed = doc.putObject("breaker");
      closed.put("state", breaker.getState().name());
      putInstant(closed, "closedAt", breaker.getClosedAt());
      return doc;
    }
    doc.put("actionId", result.getActionId());
    doc.put("incidentId", result.getIncidentId());
    doc.put("incidentVersion", result.getIncidentVersion());
    doc.put("outcome", result.getOutcome().name());
    if (result.getHttpStatus() == null) {
      doc.putNull("httpStatus");
    } else {
      doc.put("httpStatus", result.getHttpStatus());
    }
    doc.put("attempts", result.getAttempts());
    if (result.getError() == null) {
      doc.putNull("error");
    } else {
      doc.put("error", result.getError());
    }
    putInstant(doc, "startedAt", result.getStartedAt());
    doc.put("finishedAt", result.getFinishedAt().toString());
    if (result.getStartedAt() != null) {
      doc.put(
          "durationMillis",
          Math.max(
              0, result.getFinishedAt().toEpochMilli() - result.getStartedAt().toEpochMilli()));
    } else {
      doc.putNull("durationMillis");
    }
    if (breaker == null) {
      doc.putNull("breaker");
    } else {
      ObjectNode held = doc.putObject("breaker");
      held.put("state", breaker.getState().name());
      held.put("openIncidents", breaker.getOpenIncidents());
      held.put("limit", breaker.getLimit());
      held.put("heldAt", breaker.getHeldAt().toString());
      putInstant(held, "closedAt", breaker.getClosedAt());
    }
    return doc;
  }

  /** {@code host} or {@code host:port} of an http(s) URL; null when it has none. */
  static String targetHost(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getHost() == null) {
        return null;
      }
      return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void putInstant(ObjectNode node, String field, Instant value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value.toString());
    }
  }
}
