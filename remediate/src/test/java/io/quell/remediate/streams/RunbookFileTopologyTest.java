/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.runbook.ActionIds;
import io.quell.remediate.runbook.RunbookEngine;
import io.quell.remediate.testing.Incidents;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.registry.InMemorySchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with a runbook file, as Kafka Streams runs it: approvals in, actions and results out.
 */
class RunbookFileTopologyTest {

  private static final Instant WALL_CLOCK_START = Instant.parse("2026-03-02T10:00:00Z");
  private static final String RUNBOOK =
      """
      rules:
        - name: scale-then-page
          match: {severity: CRITICAL, labels: {env: prod}}
          steps:
            - {name: chat, kind: slack, url: "https://hooks.test/slack"}
            - name: scale
              kind: http
              method: PATCH
              url: "https://k8s.test/apis/apps/v1/namespaces/shop/deployments/checkout/scale"
              body: {spec: {replicas: 4}}
              approval: true
              verify: 5m
            - {name: page, kind: pagerduty, routingKey: RK, url: "https://pd.test/v2/enqueue"}
      """;

  @TempDir Path dir;
  private String registryScope;
  private TopologyTestDriver driver;
  private TestInputTopic<String, Incident> incidents;
  private TestInputTopic<String, String> approvals;
  private TestInputTopic<String, ActionResult> dispatched;
  private TestOutputTopic<String, RemediationAction> actions;
  private TestOutputTopic<String, ActionResult> results;
  private RemediationMetrics metrics;

  @BeforeEach
  void startDriver() throws IOException {
    Path runbook = Files.writeString(dir.resolve("runbook.yaml"), RUNBOOK);
    registryScope = "runbook-file-topology-" + System.nanoTime();
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", "unused:9092");
    config.put(
        SchemaRegistryOptions.URL.key(), InMemorySchemaRegistryClient.URL_SCHEME + registryScope);
    config.put(RemediateOptions.APPLICATION_ID.key(), "runbook-file-topology-test");
    config.put(RemediateOptions.RUNBOOK_FILE.key(), runbook.toString());
    config.put(RemediateOptions.APPROVAL_TIMEOUT.key(), Duration.ofMinutes(15).toMillis());
    metrics = RemediationMetrics.noop();
    Properties props = RunbookTopology.streamsConfig(config, metrics);
    driver =
        new TopologyTestDriver(RunbookTopology.build(config, metrics), props, WALL_CLOCK_START);
    Topics topics = Topics.fromConfig(config);
    SchemaRegistryOptions registry = SchemaRegistryOptions.fromMap(config);
    incidents =
        driver.createInputTopic(
            topics.name(QuellTopic.INCIDENTS),
            new StringSerializer(),
            QuellTopic.INCIDENTS.valueSerde(registry).serializer());
    approvals =
        driver.createInputTopic(
            topics.name(QuellTopic.APPROVALS), new StringSerializer(), new StringSerializer());
    dispatched =
        driver.createInputTopic(
            topics.name(QuellTopic.ACTION_RESULTS),
            new StringSerializer(),
            QuellTopic.ACTION_RESULTS.valueSerde(registry).serializer());
    actions =
        driver.createOutputTopic(
            topics.name(QuellTopic.ACTIONS),
            new StringDeserializer(),
            QuellTopic.ACTIONS.valueSerde(registry).deserializer());
    results =
        driver.createOutputTopic(
            topics.name(QuellTopic.ACTION_RESULTS),
            new StringDeserializer(),
            QuellTopic.ACTION_RESULTS.valueSerde(registry).deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
    InMemorySchemaRegistryClient.dropScope(registryScope);
  }

  @Test
  void shouldRunTheStepsInOrderThroughApprovalVerificationEscalationAndResolve() {
    String chat = ActionIds.of("inc-1", "scale-then-page", 0);
    String scale = ActionIds.of("inc-1", "scale-then-page", 1);
    String page = ActionIds.of("inc-1", "scale-then-page", 2);

    send(Incidents.critical("inc-1", 1));
    assertThat(actions.readValuesToList())
        .extracting(RemediationAction::getActionId)
        .containsExactly(chat);
    assertThat(results.readValuesToList())
        .extracting(ActionResult::getActionId, ActionResult::getOutcome)
        .containsExactly(tuple(scale, ActionOutcome.PENDING_APPROVAL));
    assertThat(driver.<String, String>getKeyValueStore(RunbookTopology.APPROVALS_STORE).get(scale))
        .isNotNull();

    approvals.pipeInput(
        scale, new RunbookEngine.Decision(scale, true, "alice", "go").toJson(), WALL_CLOCK_START);
    assertThat(actions.readValuesToList())
        .extracting(RemediationAction::getActionId, RemediationAction::getApprovedBy)
        .containsExactly(tuple(scale, "alice"));

    driver.advanceWallClockTime(Duration.ofMinutes(4));
    assertThat(actions.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(results.readValuesToList())
        .extracting(ActionResult::getActionId, ActionResult::getOutcome)
        .containsExactly(tuple(scale, ActionOutcome.INEFFECTIVE));
    assertThat(actions.readValuesToList())
        .extracting(RemediationAction::getActionId)
        .containsExactly(page);

    send(
        Incidents.version("inc-1", 2, Severity.CRITICAL)
            .setStatus(IncidentStatus.RESOLVED)
            .setResolvedAt(Incidents.RESOLVED)
            .build());
    assertThat(actions.readValuesToList())
        .extracting(RemediationAction::getActionId)
        .containsExactly(ActionIds.resolveOf(chat), ActionIds.resolveOf(page));
    assertThat(results.isEmpty()).isTrue();
  }

  @Test
  void shouldEscalateAtOnceWhenTheDispatcherReportsTheStepUnderVerificationFailed() {
    String scale = ActionIds.of("inc-1", "scale-then-page", 1);
    String page = ActionIds.of("inc-1", "scale-then-page", 2);
    send(Incidents.critical("inc-1", 1));
    approvals.pipeInput(
        scale, new RunbookEngine.Decision(scale, true, "alice", null).toJson(), WALL_CLOCK_START);
    actions.readValuesToList();
    results.readValuesToList();

    driver.advanceWallClockTime(Duration.ofSeconds(20));
    dispatch(scale, ActionOutcome.SUCCEEDED, 200, null);
    assertThat(actions.isEmpty()).as("a success waits for the verification").isTrue();
    dispatch(scale, ActionOutcome.FAILED, 403, "HTTP 403 Forbidden");
    assertThat(actions.readValuesToList())
        .extracting(RemediationAction::getActionId)
        .containsExactly(page);
    List<ActionResult> recorded = results.readValuesToList();
    assertThat(recorded)
        .extracting(ActionResult::getActionId, ActionResult::getOutcome)
        .containsExactly(tuple(scale, ActionOutcome.FAILED));
    assertThat(recorded.get(0).getError())
        .startsWith("delivery FAILED: HTTP 403 Forbidden; the runbook went on with its next step");

    // The engine's own result comes back through quell.action-results: it changes nothing, and
    // neither does the dispatcher's result read again, nor the verification time passing.
    dispatch(scale, ActionOutcome.FAILED, 403, "HTTP 403 Forbidden");
    driver.advanceWallClockTime(Duration.ofMinutes(6));
    assertThat(actions.isEmpty()).isTrue();
    assertThat(results.isEmpty()).isTrue();
  }

  @Test
  void shouldIgnoreADecisionForAStepThatWaitsForNone() {
    send(Incidents.critical("inc-1", 1));
    actions.readValuesToList();
    results.readValuesToList();

    approvals.pipeInput(
        "nobody/0/waits",
        new RunbookEngine.Decision("nobody/0/waits", true, "mallory", null).toJson(),
        WALL_CLOCK_START);

    assertThat(actions.isEmpty()).isTrue();
    assertThat(results.isEmpty()).isTrue();
  }

  private void send(Incident incident) {
    incidents.pipeInput(incident.getId(), incident, incident.getLastSeen());
  }

  private void dispatch(String actionId, ActionOutcome outcome, Integer status, String error) {
    Instant now = WALL_CLOCK_START.plusSeconds(20);
    dispatched.pipeInput(
        "inc-1",
        ActionResult.newBuilder()
            .setActionId(actionId)
            .setIncidentId("inc-1")
            .setIncidentVersion(1)
            .setOutcome(outcome)
            .setHttpStatus(status)
            .setAttempts(1)
            .setError(error)
            .setStartedAt(now)
            .setFinishedAt(now)
            .build(),
        now);
  }
}
