/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.BreakerNote;
import io.quell.schemas.avro.BreakerState;
import io.quell.schemas.avro.RemediationAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ActionDocumentsTest {

  static final Instant CREATED = Instant.parse("2026-03-02T09:17:00Z");

  static RemediationAction action(String actionId, String incidentId) {
    return RemediationAction.newBuilder()
        .setActionId(actionId)
        .setIncidentId(incidentId)
        .setIncidentVersion(2)
        .setRule("critical-incident-webhook")
        .setStepIndex(0)
        .setStepName("notify-webhook")
        .setKind(ActionKind.SLACK)
        .setTargetUrl("https://hooks.example.com:8443/services/T000/B000/SECRET")
        .setPayload("{\"text\":\"secret payload\"}")
        .setCreatedAt(CREATED)
        .build();
  }

  static ActionResult result(String actionId, String incidentId, ActionOutcome outcome) {
    return ActionResult.newBuilder()
        .setActionId(actionId)
        .setIncidentId(incidentId)
        .setIncidentVersion(2)
        .setOutcome(outcome)
        .setHttpStatus(503)
        .setAttempts(3)
        .setError("HTTP 503 three times")
        .setStartedAt(CREATED.plusSeconds(1))
        .setFinishedAt(CREATED.plusSeconds(5))
        .build();
  }

  @Test
  void shouldMapEveryFieldOfStepAndResultAndNothingElse() {
    JsonNode properties = QuellIndices.mappings(QuellIndices.Kind.ACTIONS).path("properties");
    Set<String> written = new TreeSet<>(names(ActionDocuments.step(action("a-1", "inc-1"))));
    written.addAll(names(ActionDocuments.result(result("a-1", "inc-1", ActionOutcome.FAILED))));

    assertThat(new TreeSet<>(names(properties))).isEqualTo(written);
  }

  @Test
  void shouldKeepOnlyTheHostOfTheTargetAndNeverThePayload() {
    JsonNode step = ActionDocuments.step(action("a-1", "inc-1"));

    assertThat(step.path("targetHost").asText()).isEqualTo("hooks.example.com:8443");
    assertThat(step.toString()).doesNotContain("SECRET").doesNotContain("secret payload");
    assertThat(ActionDocuments.targetHost("not a url")).isNull();
  }

  @Test
  void shouldDeriveTheDurationOfTheResult() {
    JsonNode doc = ActionDocuments.result(result("a-1", "inc-1", ActionOutcome.FAILED));

    assertThat(doc.path("durationMillis").asLong()).isEqualTo(4000);
    assertThat(doc.path("outcome").asText()).isEqualTo("FAILED");
  }

  @Test
  void shouldNoteTheBreakerOnTheHeldStepAndItsCloseWithoutTouchingTheOutcome() {
    Instant heldAt = CREATED.plusSeconds(10);
    BreakerNote open =
        BreakerNote.newBuilder()
            .setState(BreakerState.OPEN)
            .setOpenIncidents(23)
            .setLimit(20)
            .setHeldAt(heldAt)
            .build();
    ActionResult refused = result("a-1", "inc-1", ActionOutcome.REFUSED);
    refused.setBreaker(open);
    ActionResult closed = result("a-1", "inc-1", ActionOutcome.REFUSED);
    closed.setBreaker(
        BreakerNote.newBuilder(open)
            .setState(BreakerState.CLOSED)
            .setClosedAt(heldAt.plusSeconds(600))
            .build());

    JsonNode held = ActionDocuments.result(refused);
    JsonNode release = ActionDocuments.result(closed);

    assertThat(held.path("breaker").path("state").asText()).isEqualTo("OPEN");
    assertThat(held.path("breaker").path("openIncidents").asLong()).isEqualTo(23);
    assertThat(names(release)).containsExactly("actionId", "incidentId", "breaker");
    assertThat(names(release.path("breaker"))).containsExactly("state", "closedAt");
    assertThat(release.path("breaker").path("closedAt").asText())
        .isEqualTo(heldAt.plusSeconds(600).toString());
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
