/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.BreakerNote;
import io.quell.schemas.avro.BreakerState;
import java.time.Instant;
import java.util.TreeSet;

/**
 * The {@code remediation} object of an incident document: what the remediation engine did about the
 * incident that people should see on the incident itself. Today that is the circuit breaker: {@code
 * remediation.breaker} says that automatic steps were held during an incident storm, when and why
 * (open incidents against the limit), which steps, and when the breaker closed again.
 *
 * <p>It is built from the breaker notes on quell.action-results ({@link ActionResult#getBreaker}),
 * one per held step and one more per held step when the breaker closes. {@link #merge} is
 * idempotent and tolerates any order of notes of one hold (a replayed note changes nothing); a hold
 * that begins after the previous one closed starts over.
 *
 * <pre>
 * "remediation": {"breaker": {"state": "HELD" | "CLOSED", "heldAt", "openIncidents", "limit",
 *                             "heldSteps": [action ids], "closedAt", "openIncidentsAtClose"}}
 * </pre>
 */
public final class IncidentRemediation {

  /** Field of the incident document. */
  public static final String FIELD = "remediation";

  public static final String HELD = "HELD";
  public static final String CLOSED = "CLOSED";

  private static final ObjectMapper JSON = new ObjectMapper();

  private IncidentRemediation() {}

  /** Whether {@code result} says something about the incident's remediation (a breaker note). */
  public static boolean isNote(ActionResult result) {
    return result != null && result.getBreaker() != null;
  }

  /**
   * The {@code remediation} object after {@code note}, from the one the document has ({@code
   * current}, null or a JSON null when none).
   */
  public static ObjectNode merge(JsonNode current, ActionResult note) {
    BreakerNote breaker = note.getBreaker();
    ObjectNode remediation =
        current != null && current.isObject()
            ? ((ObjectNode) current).deepCopy()
            : JSON.createObjectNode();
    JsonNode existing = remediation.get("breaker");
    long heldAt = breaker.getHeldAt().toEpochMilli();
    ObjectNode next;
    if (existing == null || !existing.isObject()) {
      next = newHold(note, breaker);
    } else {
      next = ((ObjectNode) existing).deepCopy();
      boolean closed = CLOSED.equals(next.path("state").asText());
      long currentHeldAt = millis(next.get("heldAt"), Long.MAX_VALUE);
      long currentClosedAt = millis(next.get("closedAt"), Long.MIN_VALUE);
      long noteClosedAt =
          breaker.getClosedAt() == null ? heldAt : breaker.getClosedAt().toEpochMilli();
      if (closed && heldAt > currentClosedAt) {
        next = newHold(note, breaker); // a new storm after the last one passed
      } else if (breaker.getState() == BreakerState.CLOSED && noteClosedAt < currentHeldAt) {
        return remediation; // the close of an earlier hold, read late: changes nothing
      } else {
        addStep(next, note.getActionId());
        if (heldAt < currentHeldAt
            || heldAt == currentHeldAt
                && breaker.getState() == BreakerState.OPEN
                && !next.hasNonNull("openIncidents")) {
          putHold(next, breaker); // an earlier note of this hold tells when it began, and why
        }
        if (breaker.getState() == BreakerState.CLOSED) {
          putClose(next, breaker);
        }
      }
    }
    remediation.set("breaker", next);
    return remediation;
  }

  /** A human line for {@code quell incidents show}, or null when the breaker never held. */
  public static String describe(JsonNode remediation) {
    JsonNode breaker = remediation == null ? null : remediation.get("breaker");
    if (breaker == null || !breaker.isObject()) {
      return null;
    }
    StringBuilder line =
        new StringBuilder("automatic steps held by the circuit breaker since ")
            .append(breaker.path("heldAt").asText())
            .append(" (")
            .append(breaker.path("openIncidents").asText("?"))
            .append(" incidents open, limit ")
            .append(breaker.path("limit").asText("?"))
            .append("; ")
            .append(breaker.path("heldSteps").size())
            .append(" steps held)");
    if (CLOSED.equals(breaker.path("state").asText())) {
      line.append("; the breaker closed at ").append(breaker.path("closedAt").asText());
    } else {
      line.append("; the breaker is still open");
    }
    return line.toString();
  }

  private static ObjectNode newHold(ActionResult note, BreakerNote breaker) {
    ObjectNode node = JSON.createObjectNode();
    node.put("state", HELD);
    putHold(node, breaker);
    node.putArray("heldSteps").add(note.getActionId());
    node.putNull("closedAt");
    node.putNull("openIncidentsAtClose");
    if (breaker.getState() == BreakerState.CLOSED) {
      // Only the close was seen so far: the hold's number of open incidents is not known yet.
      putClose(node, breaker);
    }
    return node;
  }

  private static void putHold(ObjectNode node, BreakerNote breaker) {
    node.put("heldAt", breaker.getHeldAt().toString());
    if (breaker.getState() == BreakerState.OPEN) {
      node.put("openIncidents", breaker.getOpenIncidents());
    } else {
      node.putNull("openIncidents"); // a close says how many were open when it closed, not before
    }
    node.put("limit", breaker.getLimit());
  }

  private static void putClose(ObjectNode node, BreakerNote breaker) {
    node.put("state", CLOSED);
    Instant closedAt = breaker.getClosedAt() == null ? breaker.getHeldAt() : breaker.getClosedAt();
    long current = millis(node.get("closedAt"), Long.MIN_VALUE);
    if (closedAt.toEpochMilli() >= current) {
      node.put("closedAt", closedAt.toString());
      node.put("openIncidentsAtClose", breaker.getOpenIncidents());
    }
  }

  private static void addStep(ObjectNode node, String actionId) {
    TreeSet<String> steps = new TreeSet<>();
    node.path("heldSteps").forEach(step -> steps.add(step.asText()));
    steps.add(actionId);
    ArrayNode array = node.putArray("heldSteps");
    steps.forEach(array::add);
  }

  private static long millis(JsonNode value, long otherwise) {
    return value == null || value.isNull() || value.asText().isEmpty()
        ? otherwise
        : Instant.parse(value.asText()).toEpochMilli();
  }
}
