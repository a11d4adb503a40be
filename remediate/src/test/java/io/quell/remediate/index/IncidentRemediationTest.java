/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.BreakerNote;
import io.quell.schemas.avro.BreakerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IncidentRemediationTest {

  private static final Instant STORM = Instant.parse("2026-03-02T09:20:00Z");
  private static final Instant CALM = STORM.plusSeconds(600);
  private static final Instant NEXT_STORM = CALM.plusSeconds(3600);

  @Test
  void shouldSayWhenAndWhyTheBreakerHeldAndWhenItClosed() {
    JsonNode held = IncidentRemediation.merge(null, held("a/0/x", STORM, 23));
    JsonNode closed = IncidentRemediation.merge(held, closed("a/0/x", STORM, CALM));

    assertThat(held.path("breaker").path("state").asText()).isEqualTo("HELD");
    assertThat(held.path("breaker").path("heldAt").asText()).isEqualTo(STORM.toString());
    assertThat(held.path("breaker").path("openIncidents").asLong()).isEqualTo(23);
    assertThat(held.path("breaker").path("limit").asInt()).isEqualTo(20);
    assertThat(held.path("breaker").path("closedAt").isNull()).isTrue();
    assertThat(closed.path("breaker").path("state").asText()).isEqualTo("CLOSED");
    assertThat(closed.path("breaker").path("closedAt").asText()).isEqualTo(CALM.toString());
    assertThat(closed.path("breaker").path("openIncidentsAtClose").asLong()).isEqualTo(12);
    assertThat(closed.path("breaker").path("openIncidents").asLong()).isEqualTo(23);
    assertThat(IncidentRemediation.describe(closed))
        .isEqualTo(
            "automatic steps held by the circuit breaker since "
                + STORM
                + " (23 incidents open, limit 20; 1 steps held); the breaker closed at "
                + CALM);
    assertThat(IncidentRemediation.describe(held)).endsWith("the breaker is still open");
    assertThat(IncidentRemediation.describe(null)).isNull();
  }

  @Test
  void shouldReachTheSameStateWhateverTheOrderAndHowOftenNotesArrive() {
    List<ActionResult> notes =
        List.of(
            held("a/0/x", STORM, 21),
            held("a/1/x", STORM.plusSeconds(30), 24),
            closed("a/0/x", STORM, CALM),
            closed("a/1/x", STORM.plusSeconds(30), CALM));
    JsonNode expected = fold(notes);
    Random random = new Random(8);
    for (int i = 0; i < 50; i++) {
      List<ActionResult> shuffled = new ArrayList<>(notes);
      shuffled.addAll(notes.subList(0, random.nextInt(notes.size())));
      Collections.shuffle(shuffled, random);
      assertThat(fold(shuffled)).as("order %s", i).isEqualTo(expected);
    }
    assertThat(expected.path("breaker").path("heldAt").asText()).isEqualTo(STORM.toString());
    assertThat(expected.path("breaker").path("openIncidents").asLong()).isEqualTo(21);
    assertThat(expected.path("breaker").path("heldSteps").size()).isEqualTo(2);
  }

  @Test
  void shouldStartOverForANewStormAndIgnoreTheCloseOfAnEarlierOne() {
    JsonNode first = fold(List.of(held("a/0/x", STORM, 21), closed("a/0/x", STORM, CALM)));
    JsonNode second = IncidentRemediation.merge(first, held("a/1/x", NEXT_STORM, 30));
    JsonNode late = IncidentRemediation.merge(second, closed("a/0/x", STORM, CALM));

    assertThat(second.path("breaker").path("state").asText()).isEqualTo("HELD");
    assertThat(second.path("breaker").path("heldAt").asText()).isEqualTo(NEXT_STORM.toString());
    assertThat(second.path("breaker").path("closedAt").isNull()).isTrue();
    assertThat(second.path("breaker").path("heldSteps").get(0).asText()).isEqualTo("a/1/x");
    assertThat(late).isEqualTo(second);
  }

  @Test
  void shouldMapEveryFieldInTheIncidentTemplate() {
    JsonNode mapped =
        QuellIndices.mappings(QuellIndices.Kind.INCIDENTS)
            .path("properties")
            .path(IncidentRemediation.FIELD)
            .path("properties")
            .path("breaker")
            .path("properties");
    JsonNode written =
        fold(List.of(held("a/0/x", STORM, 21), closed("a/0/x", STORM, CALM))).path("breaker");

    List<String> mappedNames = new ArrayList<>();
    mapped.fieldNames().forEachRemaining(mappedNames::add);
    List<String> writtenNames = new ArrayList<>();
    written.fieldNames().forEachRemaining(writtenNames::add);
    assertThat(mappedNames).containsExactlyInAnyOrderElementsOf(writtenNames);
  }

  private static JsonNode fold(List<ActionResult> notes) {
    JsonNode remediation = null;
    for (ActionResult note : notes) {
      remediation = IncidentRemediation.merge(remediation, note);
    }
    return remediation;
  }

  static ActionResult held(String actionId, Instant at, long open) {
    return note(actionId, BreakerState.OPEN, open, at, null);
  }

  static ActionResult closed(String actionId, Instant heldAt, Instant closedAt) {
    return note(actionId, BreakerState.CLOSED, 12, heldAt, closedAt);
  }

  private static ActionResult note(
      String actionId, BreakerState state, long open, Instant heldAt, Instant closedAt) {
    return ActionResult.newBuilder()
        .setActionId(actionId)
        .setIncidentId("inc-1")
        .setIncidentVersion(1)
        .setOutcome(ActionOutcome.REFUSED)
        .setAttempts(0)
        .setError("circuit breaker")
        .setFinishedAt(closedAt == null ? heldAt : closedAt)
        .setBreaker(
            BreakerNote.newBuilder()
                .setState(state)
                .setOpenIncidents(open)
                .setLimit(20)
                .setHeldAt(heldAt)
                .setClosedAt(closedAt)
                .build())
        .build();
  }
}
