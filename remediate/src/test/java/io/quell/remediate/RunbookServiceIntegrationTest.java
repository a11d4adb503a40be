/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.remediate.runbook.ActionIds;
import io.quell.remediate.testing.Incidents;
import io.quell.remediate.testing.RecordingWebhookReceiver;
import io.quell.remediate.testing.RecordingWebhookReceiver.Call;
import io.quell.remediate.testing.TopicClient;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A runbook file on the real stack, against a real HTTP receiver that fails, times out and
 * recovers: approval over HTTP, verification, escalation across a restart, resolve notifications,
 * and a step whose delivery fails escalating at once.
 */
@ExtendWith(QuellStackExtension.class)
class RunbookServiceIntegrationTest {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String SECRET = "runbook-it-secret";
  private static final String RULE = "scale-then-page";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work = Path.of("target", "runbook-it", Long.toString(System.nanoTime()));

  @Test
  void shouldRunARunbookThroughFailuresApprovalAndARestartSendingEachStepOnce(QuellStack stack)
      throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "runbook");
    String chat = ActionIds.of("inc-R", RULE, 0);
    String scale = ActionIds.of("inc-R", RULE, 1);
    String page = ActionIds.of("inc-R", RULE, 2);
    try (RecordingWebhookReceiver receiver = RecordingWebhookReceiver.start(SECRET);
        TopicClient kafka = new TopicClient(topics)) {
      // Slack fails, then times out, then accepts: one step, three requests, one key.
      receiver.respondOn("/slack", 503).respondOnAfter("/slack", Duration.ofSeconds(3), 200);
      // The restart is refused for good (4xx), a little late: the first instance stops while the
      // request is in flight, so the failure is usually read by the second instance's engine.
      receiver.respondOnAfter("/restart", Duration.ofMillis(700), 404).respondOn("/restart", 404);
      Files.createDirectories(work);
      Path runbook =
          Files.writeString(
              work.resolve("runbook.yaml"),
              """
              rules:
                - name: scale-then-page
                  match: {severity: CRITICAL, labels: {env: prod}}
                  steps:
                    - {name: chat, kind: slack, url: "BASE/slack"}
                    - name: scale
                      kind: http
                      method: PATCH
                      url: "BASE/apis/apps/v1/namespaces/shop/deployments/{{incident.rootCause}}/scale"
                      contentType: application/merge-patch+json
                      body: {spec: {replicas: 4}}
                      approval: true
                      verify: 6s
                    - {name: page, kind: pagerduty, routingKey: RK, url: "BASE/pd"}
                - name: restart-then-page
                  match: {severity: CRITICAL, labels: {env: staging}}
                  steps:
                    - {name: restart, kind: http, url: "BASE/restart", verify: 10m}
                    - {name: page, kind: pagerduty, routingKey: RK, url: "BASE/escalate"}
              """
                  .replace("BASE", receiver.url("").toString()));
      Map<String, Object> config = config(topics, runbook);

      try (RemediationService first = RemediationService.start(withStateDir(config, "first"))) {
        kafka.send(QuellTopic.INCIDENTS, Incidents.critical("inc-R", 1));

        await().atMost(PATIENCE).until(() -> pending(first.metricsPort()).contains(scale));
        assertThat(post(first.metricsPort(), "/actions/no-such-step/approve", "{}"))
            .startsWith("404");
        assertThat(
                post(first.metricsPort(), "/actions/" + scale + "/approve", "{\"by\":\"alice\"}"))
            .startsWith("202");
        await().atMost(PATIENCE).until(() -> calls(receiver, "/apis/").size() == 1);
        assertThat(calls(receiver, "/slack")).hasSize(3);

        kafka.send(
            QuellTopic.INCIDENTS,
            Incidents.version("inc-F", 1, Severity.CRITICAL)
                .setLabels(Map.of("env", "staging"))
                .build());
        await().atMost(PATIENCE).until(() -> calls(receiver, "/restart").size() == 1);
      }

      // The scale ran and is being verified when the service stops; a new instance with an empty
      // state directory restores the state from the changelogs and escalates once.
      try (RemediationService second = RemediationService.start(withStateDir(config, "second"))) {
        await().atMost(PATIENCE).until(() -> calls(receiver, "/pd").size() == 1);
        // The failed restart escalates to the page at once, not after its 10 minutes.
        await().atMost(PATIENCE).until(() -> calls(receiver, "/escalate").size() == 1);
        kafka.send(
            QuellTopic.INCIDENTS,
            Incidents.version("inc-R", 2, Severity.CRITICAL)
                .setStatus(IncidentStatus.RESOLVED)
                .setResolvedAt(Incidents.RESOLVED)
                .build());
        await().atMost(PATIENCE).until(() -> calls(receiver, "/pd").size() == 2);
        await().atMost(PATIENCE).until(() -> calls(receiver, "/slack").size() == 4);
        // Give a wrongly repeated step time to show up before counting.
        Thread.sleep(2_000);
      }

      List<Call> slack = calls(receiver, "/slack");
      assertThat(slack)
          .extracting(Call::idempotencyKey)
          .containsExactly(chat, chat, chat, ActionIds.resolveOf(chat));
      Call scaleCall = calls(receiver, "/apis/").get(0);
      assertThat(scaleCall.idempotencyKey()).isEqualTo(scale);
      assertThat(scaleCall.method()).isEqualTo("PATCH");
      assertThat(scaleCall.path())
          .isEqualTo("/apis/apps/v1/namespaces/shop/deployments/payments/scale");
      assertThat(scaleCall.contentType()).isEqualTo("application/merge-patch+json");
      assertThat(scaleCall.bodyText()).isEqualTo("{\"spec\":{\"replicas\":4}}");
      List<Call> pd = calls(receiver, "/pd");
      assertThat(pd)
          .extracting(Call::idempotencyKey)
          .containsExactly(page, ActionIds.resolveOf(page));
      JsonNode trigger = JSON.readTree(pd.get(0).body());
      JsonNode resolve = JSON.readTree(pd.get(1).body());
      assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
      assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
      assertThat(resolve.path("dedup_key")).isEqualTo(trigger.path("dedup_key"));

      List<RemediationAction> all = kafka.readValues(QuellTopic.ACTIONS, Duration.ofSeconds(2));
      List<RemediationAction> actions =
          all.stream().filter(action -> action.getIncidentId().equals("inc-R")).toList();
      assertThat(actions)
          .extracting(RemediationAction::getActionId)
          .containsExactlyInAnyOrder(
              chat, scale, page, ActionIds.resolveOf(chat), ActionIds.resolveOf(page));
      assertThat(actions)
          .filteredOn(action -> action.getActionId().equals(scale))
          .extracting(RemediationAction::getApprovedBy)
          .containsExactly("alice");
      List<ActionResult> allResults =
          kafka.readValues(QuellTopic.ACTION_RESULTS, Duration.ofSeconds(2));
      List<ActionResult> results =
          allResults.stream().filter(result -> result.getIncidentId().equals("inc-R")).toList();
      assertThat(results)
          .extracting(ActionResult::getActionId, ActionResult::getOutcome)
          .containsExactlyInAnyOrder(
              tuple(chat, ActionOutcome.SUCCEEDED),
              tuple(scale, ActionOutcome.PENDING_APPROVAL),
              tuple(scale, ActionOutcome.SUCCEEDED),
              tuple(scale, ActionOutcome.INEFFECTIVE),
              tuple(page, ActionOutcome.SUCCEEDED),
              tuple(ActionIds.resolveOf(chat), ActionOutcome.SUCCEEDED),
              tuple(ActionIds.resolveOf(page), ActionOutcome.SUCCEEDED));
      assertThat(results)
          .filteredOn(result -> result.getActionId().equals(chat))
          .extracting(ActionResult::getAttempts)
          .containsExactly(3);

      // The failed restart: emitted once, escalated once, whichever instance read the failure.
      // (Delivery is at least once: a dispatcher stopped before its commit sends it again, with
      // the same key.)
      String restart = ActionIds.of("inc-F", "restart-then-page", 0);
      String escalation = ActionIds.of("inc-F", "restart-then-page", 1);
      assertThat(calls(receiver, "/restart"))
          .extracting(Call::idempotencyKey)
          .isNotEmpty()
          .containsOnly(restart);
      assertThat(calls(receiver, "/escalate"))
          .extracting(Call::idempotencyKey)
          .containsExactly(escalation);
      assertThat(all)
          .filteredOn(action -> action.getIncidentId().equals("inc-F"))
          .extracting(RemediationAction::getActionId)
          .containsExactly(restart, escalation);
      assertThat(allResults)
          .filteredOn(result -> result.getIncidentId().equals("inc-F"))
          .extracting(
              ActionResult::getActionId, ActionResult::getOutcome, ActionResult::getHttpStatus)
          .containsOnly(
              tuple(restart, ActionOutcome.FAILED, 404),
              tuple(escalation, ActionOutcome.SUCCEEDED, 200));
      assertThat(allResults)
          .filteredOn(result -> result.getActionId().equals(restart))
          .extracting(ActionResult::getError)
          .filteredOn(error -> error.startsWith("delivery FAILED: "))
          .as("the engine escalated once")
          .hasSize(1);
    }
  }

  private static List<Call> calls(RecordingWebhookReceiver receiver, String pathPrefix) {
    return receiver.calls().stream().filter(call -> call.path().startsWith(pathPrefix)).toList();
  }

  private Map<String, Object> withStateDir(Map<String, Object> config, String name) {
    Map<String, Object> copy = new HashMap<>(config);
    copy.put(RemediateOptions.STATE_DIR.key(), work.resolve(name).toString());
    return copy;
  }

  private static Map<String, Object> config(QuellTestTopics topics, Path runbook) {
    String unique = "runbook-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Map<String, Object> config = topics.config();
    config.put(RemediateOptions.APPLICATION_ID.key(), unique);
    config.put(RemediateOptions.INDEXER_ENABLED.key(), false);
    config.put(RemediateOptions.RUNBOOK_FILE.key(), runbook.toString());
    config.put(RemediateOptions.WEBHOOK_SECRET.key(), SECRET);
    config.put(RemediateOptions.ALLOWED_HOSTS.key(), "127.0.0.1");
    config.put(RemediateOptions.RUNBOOK_TICK.key(), 200);
    config.put(RemediateOptions.METRICS_PORT.key(), 0);
    config.put(RemediateOptions.METRICS_HOST.key(), "127.0.0.1");
    config.put(RemediateOptions.DISPATCH_REQUEST_TIMEOUT.key(), 1_000);
    config.put(RemediateOptions.DISPATCH_INITIAL_BACKOFF.key(), 20);
    config.put(RemediateOptions.DISPATCH_MAX_BACKOFF.key(), 100);
    return config;
  }

  private static String pending(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actions/pending"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static String post(int port, String path, String body) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
