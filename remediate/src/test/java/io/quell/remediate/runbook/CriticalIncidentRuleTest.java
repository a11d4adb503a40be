/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.remediate.RemediateOptions;
import io.quell.remediate.testing.Incidents;
import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.avro.SilenceKind;
import io.quell.schemas.avro.Suppression;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriticalIncidentRuleTest {

  private static final Map<String, Object> CONFIG =
      Map.of(
          RemediateOptions.WEBHOOK_URL.key(), "https://hooks.example.org/quell",
          RemediateOptions.WEBHOOK_SECRET.key(), "s3cret",
          RemediateOptions.ACTION_DEADLINE.key(), "900000",
          RemediateOptions.INDEX_PREFIX.key(), "team-a-");

  private final RunbookRule rule = Runbooks.fromConfig(CONFIG).get(0);

  @Test
  void shouldMatchAnOpenCriticalIncident() {
    assertThat(rule.name()).isEqualTo(Runbooks.CRITICAL_INCIDENT_WEBHOOK);
    assertThat(rule.matches(Incidents.critical("inc-1", 1))).isTrue();
    assertThat(
            rule.matches(
                Incidents.version("inc-1", 4, Severity.CRITICAL)
                    .setStatus(IncidentStatus.REOPENED)
                    .build()))
        .isTrue();
  }

  @Test
  void shouldNotMatchLessUrgentResolvedClosedMutedOrMergedIncidents() {
    assertThat(rule.matches(Incidents.warning("inc-1", 1))).isFalse();
    assertThat(rule.matches(Incidents.version("inc-1", 1, Severity.INFO).build())).isFalse();
    for (IncidentStatus status : List.of(IncidentStatus.RESOLVED, IncidentStatus.CLOSED)) {
      assertThat(
              rule.matches(
                  Incidents.version("inc-1", 2, Severity.CRITICAL).setStatus(status).build()))
          .as("status %s", status)
          .isFalse();
    }
    Incident muted =
        Incidents.version("inc-1", 2, Severity.CRITICAL)
            .setSuppression(
                Suppression.newBuilder()
                    .setSilenceId("maint-1")
                    .setKind(SilenceKind.MAINTENANCE)
                    .build())
            .build();
    assertThat(rule.matches(muted)).isFalse();
    assertThat(
            rule.matches(
                Incidents.version("inc-1", 2, Severity.CRITICAL).setMergedInto("inc-0").build()))
        .isFalse();
  }

  @Test
  void shouldPlanASignedWebhookActionWithADeterministicIdAndTheIncidentAsJson() throws Exception {
    Incident incident = Incidents.critical("inc-7", 2);

    RemediationAction action = rule.steps().get(0).plan(incident, rule.name(), 0);

    assertThat(action).isEqualTo(rule.steps().get(0).plan(incident, rule.name(), 0));
    assertThat(action.getActionId()).isEqualTo(ActionIds.of("inc-7", rule.name(), 0));
    assertThat(action.getIncidentId()).isEqualTo("inc-7");
    assertThat(action.getIncidentVersion()).isEqualTo(2);
    assertThat(action.getKind()).isEqualTo(ActionKind.GENERIC_WEBHOOK);
    assertThat(action.getTargetUrl()).isEqualTo("https://hooks.example.org/quell");
    assertThat(action.getMethod()).isEqualTo("POST");
    assertThat(action.getStepName()).isEqualTo("notify-webhook");
    assertThat(action.getMaxAttempts()).isEqualTo(5);
    assertThat(action.getCreatedAt()).isEqualTo(incident.getLastSeen());
    assertThat(action.getDeadline()).isEqualTo(incident.getLastSeen().plus(Duration.ofMinutes(15)));

    JsonNode payload = new ObjectMapper().readTree(action.getPayload());
    assertThat(payload.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(payload.path("event").asText()).isEqualTo("incident.critical");
    assertThat(payload.path("actionId").asText()).isEqualTo(action.getActionId());
    JsonNode body = payload.path("incident");
    assertThat(body.path("id").asText()).isEqualTo("inc-7");
    assertThat(body.path("version").asLong()).isEqualTo(2);
    assertThat(body.path("status").asText()).isEqualTo("UPDATED");
    assertThat(body.path("title").asText()).isEqualTo("HighErrorRate on checkout");
    assertThat(body.path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(body.path("services").toString()).isEqualTo("[\"checkout\",\"payments\"]");
    assertThat(body.path("rootCauses").get(0).path("service").asText()).isEqualTo("payments");
    assertThat(body.path("rootCauses").get(0).path("rank").asInt()).isEqualTo(1);
    assertThat(body.path("memberCount").asInt()).isEqualTo(2);
    assertThat(body.path("firstSeen").asText()).isEqualTo(Incidents.FIRST_ALERT.toString());
    assertThat(body.path("lastSeen").asText()).isEqualTo(incident.getLastSeen().toString());
    assertThat(body.path("labels").path("env").asText()).isEqualTo("prod");
    assertThat(payload.path("links").path("elasticsearch").path("index").asText())
        .isEqualTo("team-a-incidents");
    assertThat(payload.path("links").path("elasticsearch").path("id").asText()).isEqualTo("inc-7");
  }

  @Test
  void shouldLeaveTheRuleOutWithoutAWebhookUrlAndRefuseAUrlWithoutSecret() {
    assertThat(Runbooks.fromConfig(Map.of())).isEmpty();
    assertThatThrownBy(
            () ->
                Runbooks.fromConfig(
                    Map.of(RemediateOptions.WEBHOOK_URL.key(), "https://hooks.example.org/q")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(RemediateOptions.WEBHOOK_SECRET.key());
    assertThatThrownBy(
            () ->
                Runbooks.fromConfig(
                    Map.of(
                        RemediateOptions.WEBHOOK_URL.key(), "file:///etc/passwd",
                        RemediateOptions.WEBHOOK_SECRET.key(), "s")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
