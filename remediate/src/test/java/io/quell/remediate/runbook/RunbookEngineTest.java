/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.testing.Incidents;
import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.BreakerNote;
import io.quell.schemas.avro.BreakerState;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class RunbookEngineTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final RunbookFile.Defaults DEFAULTS = new RunbookFile.Defaults(3, null);

  private static final String NOTIFY_AND_PAGE =
      """
      rules:
        - name: page
          match: {severity: CRITICAL}
          steps:
            - {name: chat, kind: slack, url: "https://hooks.slack.test/T/B/X"}
            - {name: pd, kind: pagerduty, routingKey: RK1, url: "https://pd.test/v2/enqueue"}
      """;

  private static final String SCALE_THEN_PAGE =
      """
      rules:
        - name: scale-then-page
          match: {severity: WARNING}
          steps:
            - name: scale
              kind: http
              method: PATCH
              url: "https://k8s.test/apis/apps/v1/namespaces/shop/deployments/{{incident.rootCause}}/scale"
              contentType: application/merge-patch+json
              body: {spec: {replicas: 5}}
              verify: 5m
            - {name: pd, kind: pagerduty, routingKey: RK1, url: "https://pd.test/v2/enqueue"}
      """;

  private static final String APPROVE_RESTART =
      """
      rules:
        - name: restart
          match: {severity: WARNING}
          steps:
            - {name: restart, kind: http, url: "https://ops.test/restart", approval: true}
            - {name: ticket, kind: jira, url: "https://jira.test/rest/api/2/issue", project: OPS}
      """;

  private final RemediationMetrics metrics = RemediationMetrics.noop();
  private final RunbookState state = RunbookState.inMemory();

  @Test
  void shouldSendTheResolveNotificationsOfTheStepsThatRanWhenTheIncidentResolves()
      throws Exception {
    RunbookEngine engine = engine(NOTIFY_AND_PAGE, RunbookEngine.Guards.none());

    List<RunbookEngine.Output> fired = engine.onIncident(Incidents.critical("inc-1", 1), T0, state);
    List<RunbookEngine.Output> later = engine.onIncident(Incidents.critical("inc-1", 2), T0, state);
    List<RunbookEngine.Output> resolved = engine.onIncident(resolved("inc-1", 3), T0, state);

    assertThat(actions(fired))
        .extracting(RemediationAction::getKind)
        .containsExactly(ActionKind.SLACK, ActionKind.PAGERDUTY);
    assertThat(later).isEmpty();
    List<RemediationAction> resolves = actions(resolved);
    assertThat(resolves)
        .extracting(RemediationAction::getActionId)
        .containsExactly(
            ActionIds.resolveOf(ActionIds.of("inc-1", "page", 0)),
            ActionIds.resolveOf(ActionIds.of("inc-1", "page", 1)));
    JsonNode trigger = JSON.readTree(actions(fired).get(1).getPayload());
    JsonNode resolve = JSON.readTree(resolves.get(1).getPayload());
    assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
    assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.path("dedup_key").asText())
        .isEqualTo(trigger.path("dedup_key").asText())
        .isEqualTo(ActionIds.dedupKey("inc-1", "page", 1));
    assertThat(JSON.readTree(resolves.get(0).getPayload()).path("text").asText())
        .startsWith(":white_check_mark: Resolved: HighErrorRate on checkout");
  }

  @Test
  void shouldEscalateToTheNextStepWhenTheIncidentDoesNotResolveWithinTheVerificationTime() {
    RunbookEngine engine = engine(SCALE_THEN_PAGE, RunbookEngine.Guards.none());

    List<RunbookEngine.Output> fired = engine.onIncident(Incidents.warning("inc-1", 1), T0, state);
    List<RunbookEngine.Output> early = engine.onTick(T0 + 4 * MINUTE, state);
    List<RunbookEngine.Output> due = engine.onTick(T0 + 5 * MINUTE, state);
    List<RunbookEngine.Output> again = engine.onTick(T0 + 10 * MINUTE, state);

    RemediationAction scale = actions(fired).get(0);
    assertThat(actions(fired)).hasSize(1);
    assertThat(scale.getKind()).isEqualTo(ActionKind.HTTP_SCALE);
    assertThat(scale.getMethod()).isEqualTo("PATCH");
    assertThat(scale.getContentType()).isEqualTo("application/merge-patch+json");
    assertThat(scale.getTargetUrl())
        .isEqualTo("https://k8s.test/apis/apps/v1/namespaces/shop/deployments/payments/scale");
    assertThat(scale.getPayload()).isEqualTo("{\"spec\":{\"replicas\":5}}");
    assertThat(early).isEmpty();
    assertThat(results(due))
        .extracting(ActionResult::getActionId, ActionResult::getOutcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(scale.getActionId(), ActionOutcome.INEFFECTIVE));
    assertThat(actions(due)).extracting(RemediationAction::getStepName).containsExactly("pd");
    assertThat(again).isEmpty();
    assertThat(metrics.runbookSteps("ineffective")).isEqualTo(1);
  }

  @Test
  void shouldEscalateAtOnceWhenTheStepUnderVerificationWasNotDelivered() {
    RunbookEngine engine = engine(SCALE_THEN_PAGE, RunbookEngine.Guards.none());
    RemediationAction scale =
        actions(engine.onIncident(Incidents.warning("inc-1", 1), T0, state)).get(0);
    ActionResult failed =
        dispatched(scale, ActionOutcome.FAILED, 404, "HTTP 404 from k8s.test", T0 + MINUTE);

    List<RunbookEngine.Output> succeeded =
        engine.onResult(
            dispatched(scale, ActionOutcome.SUCCEEDED, 200, null, T0 + MINUTE), T0 + MINUTE, state);
    List<RunbookEngine.Output> escalated = engine.onResult(failed, T0 + 2 * MINUTE, state);
    List<RunbookEngine.Output> replayed = engine.onResult(failed, T0 + 3 * MINUTE, state);
    List<RunbookEngine.Output> pageFailed =
        engine.onResult(
            dispatched(actions(escalated).get(0), ActionOutcome.FAILED, 500, "HTTP 500", T0),
            T0 + 3 * MINUTE,
            state);
    List<RunbookEngine.Output> later = engine.onTick(T0 + 10 * MINUTE, state);

    assertThat(succeeded).as("a success still waits for the verification").isEmpty();
    assertThat(actions(escalated)).extracting(RemediationAction::getStepName).containsExactly("pd");
    assertThat(results(escalated))
        .singleElement()
        .satisfies(
            result -> {
              assertThat(result.getActionId()).isEqualTo(scale.getActionId());
              assertThat(result.getOutcome()).isEqualTo(ActionOutcome.FAILED);
              assertThat(result.getHttpStatus()).isEqualTo(404);
              assertThat(result.getAttempts()).isEqualTo(1);
              assertThat(result.getError())
                  .isEqualTo(
                      "delivery FAILED: HTTP 404 from k8s.test; the runbook went on with its next"
                          + " step at once instead of waiting PT5M for the incident to resolve");
            });
    assertThat(replayed).as("the same result read again").isEmpty();
    assertThat(pageFailed).as("the page is not under verification").isEmpty();
    assertThat(later).as("no INEFFECTIVE after the escalation").isEmpty();
    assertThat(metrics.runbookSteps("delivery_failed")).isEqualTo(1);
  }

  @Test
  void shouldTreatARefusedOrExpiredDeliveryAsFailed() {
    for (ActionOutcome outcome : List.of(ActionOutcome.REFUSED, ActionOutcome.EXPIRED)) {
      RunbookState fresh = RunbookState.inMemory();
      RunbookEngine engine = engine(SCALE_THEN_PAGE, RunbookEngine.Guards.none());
      RemediationAction scale =
          actions(engine.onIncident(Incidents.warning("inc-1", 1), T0, fresh)).get(0);

      List<RunbookEngine.Output> escalated =
          engine.onResult(dispatched(scale, outcome, null, "not allowed", T0), T0, fresh);

      assertThat(actions(escalated))
          .as("after %s", outcome)
          .extracting(RemediationAction::getStepName)
          .containsExactly("pd");
    }
  }

  @Test
  void shouldNotEscalateWhenTheIncidentResolvesWithinTheVerificationTime() {
    RunbookEngine engine = engine(SCALE_THEN_PAGE, RunbookEngine.Guards.none());

    engine.onIncident(Incidents.warning("inc-1", 1), T0, state);
    engine.onIncident(resolved("inc-1", 2), T0 + MINUTE, state);
    List<RunbookEngine.Output> later = engine.onTick(T0 + 10 * MINUTE, state);

    assertThat(later).isEmpty();
    assertThat(metrics.runbookSteps("effective")).isEqualTo(1);
    assertThat(((RunbookState.MapStore<Incident>) state.incidents()).asMap()).isEmpty();
  }

  @Test
  void shouldHoldAStepForApprovalAndSendItOnceApproved() {
    RunbookEngine engine = engine(APPROVE_RESTART, RunbookEngine.Guards.none());
    String restartId = ActionIds.of("inc-1", "restart", 0);

    List<RunbookEngine.Output> fired = engine.onIncident(Incidents.warning("inc-1", 1), T0, state);
    List<RunbookEngine.Output> approved =
        engine.onDecision(new RunbookEngine.Decision(restartId, true, "alice", null), T0, state);
    List<RunbookEngine.Output> twice =
        engine.onDecision(new RunbookEngine.Decision(restartId, true, "bob", null), T0, state);

    assertThat(actions(fired)).isEmpty();
    assertThat(results(fired))
        .extracting(ActionResult::getActionId, ActionResult::getOutcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(restartId, ActionOutcome.PENDING_APPROVAL));
    assertThat(RunbookEngine.pendingApprovals(RunbookState.inMemory())).isEmpty();
    assertThat(actions(approved))
        .extracting(RemediationAction::getActionId, RemediationAction::getApprovedBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(restartId, "alice"),
            org.assertj.core.groups.Tuple.tuple(ActionIds.of("inc-1", "restart", 1), null));
    assertThat(twice).as("a decided step cannot be decided again").isEmpty();
    assertThat(RunbookEngine.pendingApprovals(state)).isEmpty();
  }

  @Test
  void shouldGoOnWithTheNextStepWhenAStepIsRejectedOrItsApprovalExpires() {
    RunbookEngine engine =
        engine(
            APPROVE_RESTART, new RunbookEngine.Guards(Duration.ZERO, 0, 0, Duration.ofMinutes(15)));
    String restart1 = ActionIds.of("inc-1", "restart", 0);
    String restart2 = ActionIds.of("inc-2", "restart", 0);

    engine.onIncident(Incidents.warning("inc-1", 1), T0, state);
    engine.onIncident(Incidents.warning("inc-2", 1), T0, state);
    assertThat(RunbookEngine.pendingApprovals(state)).hasSize(2);
    List<RunbookEngine.Output> rejected =
        engine.onDecision(
            new RunbookEngine.Decision(restart1, false, "bob", "not during the sale"), T0, state);
    List<RunbookEngine.Output> expired = engine.onTick(T0 + 15 * MINUTE, state);

    assertThat(results(rejected))
        .extracting(ActionResult::getOutcome, ActionResult::getError)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ActionOutcome.REJECTED, "rejected by bob: not during the sale"));
    assertThat(actions(rejected))
        .extracting(RemediationAction::getStepName)
        .containsExactly("ticket");
    assertThat(results(expired))
        .extracting(ActionResult::getActionId, ActionResult::getOutcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(restart2, ActionOutcome.EXPIRED));
    assertThat(actions(expired))
        .extracting(RemediationAction::getStepName)
        .containsExactly("ticket");
    assertThat(RunbookEngine.pendingApprovals(state)).isEmpty();
  }

  @Test
  void shouldRunARuleAgainWhenTheIncidentComesBackButRespectTheCooldown() {
    RunbookEngine engine =
        engine(
            NOTIFY_AND_PAGE,
            new RunbookEngine.Guards(Duration.ofMinutes(30), 0, 0, Duration.ofHours(1)));

    engine.onIncident(Incidents.critical("inc-1", 1), T0, state);
    engine.onIncident(resolved("inc-1", 2), T0 + MINUTE, state);
    List<RunbookEngine.Output> soon =
        engine.onIncident(reopened("inc-1", 3), T0 + 2 * MINUTE, state);
    engine.onIncident(resolved("inc-1", 4), T0 + 3 * MINUTE, state);
    List<RunbookEngine.Output> later =
        engine.onIncident(reopened("inc-1", 5), T0 + 40 * MINUTE, state);

    assertThat(actions(soon)).isEmpty();
    assertThat(results(soon))
        .extracting(ActionResult::getOutcome)
        .containsExactly(ActionOutcome.REFUSED, ActionOutcome.REFUSED);
    assertThat(results(soon).get(0).getError()).startsWith("cooldown: step chat ran");
    assertThat(actions(later))
        .extracting(RemediationAction::getActionId)
        .containsExactly(ActionIds.of("inc-1", "page", 0, 3), ActionIds.of("inc-1", "page", 1, 3));
  }

  @Test
  void shouldRefuseAutomaticStepsOverTheBudgetAndEscalateInstead() {
    RunbookEngine engine =
        engine(SCALE_THEN_PAGE, new RunbookEngine.Guards(Duration.ZERO, 2, 0, Duration.ofHours(1)));

    List<RunbookEngine.Output> outputs = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      outputs.addAll(engine.onIncident(Incidents.warning("inc-" + i, 1), T0, state));
    }

    assertThat(actions(outputs))
        .extracting(RemediationAction::getIncidentId, RemediationAction::getStepName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("inc-1", "scale"),
            org.assertj.core.groups.Tuple.tuple("inc-2", "scale"),
            org.assertj.core.groups.Tuple.tuple("inc-3", "pd"));
    assertThat(results(outputs)).hasSize(1);
    assertThat(results(outputs).get(0).getError())
        .isEqualTo(
            "budget exhausted: 2 automatic steps for service 'payments' in the last 60 minutes"
                + " (limit 2); the next is allowed from "
                + Instant.ofEpochMilli(T0 + 60 * MINUTE));
    assertThat(actions(engine.onIncident(Incidents.warning("inc-4", 1), T0 + 60 * MINUTE, state)))
        .as("60 minutes later both steps left the window")
        .extracting(RemediationAction::getStepName)
        .containsExactly("scale");
  }

  @Test
  void shouldCountTheBudgetOverASlidingWindowAcrossClockHours() {
    RunbookEngine engine =
        engine(SCALE_THEN_PAGE, new RunbookEngine.Guards(Duration.ZERO, 2, 0, Duration.ofHours(1)));
    long lateInTheHour = T0 + 50 * MINUTE;

    engine.onIncident(Incidents.warning("inc-1", 1), lateInTheHour, state);
    engine.onIncident(Incidents.warning("inc-2", 1), lateInTheHour + 5 * MINUTE, state);
    List<RunbookEngine.Output> nextHour =
        engine.onIncident(Incidents.warning("inc-3", 1), lateInTheHour + 15 * MINUTE, state);
    List<RunbookEngine.Output> oneLeft =
        engine.onIncident(Incidents.warning("inc-4", 1), lateInTheHour + 60 * MINUTE, state);
    List<RunbookEngine.Output> full =
        engine.onIncident(Incidents.warning("inc-5", 1), lateInTheHour + 64 * MINUTE, state);

    assertThat(actions(nextHour))
        .as("a new clock hour, but two steps in the last 60 minutes")
        .extracting(RemediationAction::getStepName)
        .containsExactly("pd");
    assertThat(results(nextHour).get(0).getError())
        .endsWith("the next is allowed from " + Instant.ofEpochMilli(lateInTheHour + 60 * MINUTE));
    assertThat(actions(oneLeft))
        .extracting(RemediationAction::getStepName)
        .containsExactly("scale");
    assertThat(actions(full)).extracting(RemediationAction::getStepName).containsExactly("pd");
    assertThat(((RunbookState.MapStore<Long>) state.guards()).asMap().keySet())
        .as("at most one slot per unit of budget, the one that left the window reused")
        .filteredOn(key -> key.startsWith("budget/"))
        .containsExactlyInAnyOrder("budget/8:payments/0", "budget/8:payments/1");

    engine.purge(lateInTheHour + 125 * MINUTE, Duration.ofDays(7), state);
    assertThat(((RunbookState.MapStore<Long>) state.guards()).asMap().keySet())
        .as("slots that left the window are purged")
        .noneMatch(key -> key.startsWith("budget/"));
  }

  @Test
  void shouldHoldAutomaticStepsWhileTheCircuitBreakerIsOpenButStillNotify() {
    RunbookEngine engine =
        engine(SCALE_THEN_PAGE, new RunbookEngine.Guards(Duration.ZERO, 0, 3, Duration.ofHours(1)));

    engine.onIncident(Incidents.warning("inc-1", 1), T0, state);
    engine.onIncident(Incidents.warning("inc-2", 1), T0, state);
    List<RunbookEngine.Output> storm = engine.onIncident(Incidents.warning("inc-3", 1), T0, state);
    List<RunbookEngine.Output> closing =
        engine.onIncident(resolved("inc-1", 2), T0 + 7 * MINUTE, state);
    List<RunbookEngine.Output> calmer =
        engine.onIncident(Incidents.warning("inc-4", 1), T0 + 8 * MINUTE, state);

    assertThat(results(storm)).hasSize(1);
    assertThat(results(storm).get(0).getOutcome()).isEqualTo(ActionOutcome.REFUSED);
    assertThat(results(storm).get(0).getError())
        .startsWith("circuit breaker open: 3 incidents open at once (limit 3)");
    assertThat(results(storm).get(0).getBreaker())
        .as("the note for the incident: held, when, how many open against the limit")
        .isEqualTo(
            BreakerNote.newBuilder()
                .setState(BreakerState.OPEN)
                .setOpenIncidents(3)
                .setLimit(3)
                .setHeldAt(Instant.ofEpochMilli(T0))
                .setClosedAt(null)
                .build());
    assertThat(actions(storm)).extracting(RemediationAction::getStepName).containsExactly("pd");
    assertThat(results(closing))
        .as("the breaker closes as soon as fewer than 3 are open, and says so on the held step")
        .singleElement()
        .satisfies(
            note -> {
              assertThat(note.getActionId()).isEqualTo(ActionIds.of("inc-3", "scale-then-page", 0));
              assertThat(note.getIncidentId()).isEqualTo("inc-3");
              assertThat(note.getBreaker().getState()).isEqualTo(BreakerState.CLOSED);
              assertThat(note.getBreaker().getOpenIncidents()).isEqualTo(2);
              assertThat(note.getBreaker().getHeldAt()).isEqualTo(Instant.ofEpochMilli(T0));
              assertThat(note.getBreaker().getClosedAt())
                  .isEqualTo(Instant.ofEpochMilli(T0 + 7 * MINUTE));
            });
    assertThat(metrics.runbookSteps("breaker_closed")).isEqualTo(1);
    assertThat(RunbookEngine.openIncidents(state)).isEqualTo(3);
    assertThat(actions(calmer))
        .as("inc-4 makes 3 again")
        .extracting(RemediationAction::getStepName)
        .containsExactly("pd");
    assertThat(results(engine.onIncident(resolved("inc-2", 2), T0 + 9 * MINUTE, state)))
        .extracting(ActionResult::getIncidentId)
        .containsExactly("inc-4");
    assertThat(engine.onIncident(resolved("inc-3", 2), T0 + 9 * MINUTE, state))
        .as("closed once only")
        .allSatisfy(output -> assertThat(output.result()).isNull());
    assertThat(actions(engine.onIncident(Incidents.warning("inc-5", 1), T0 + 9 * MINUTE, state)))
        .extracting(RemediationAction::getStepName)
        .containsExactly("scale");
    assertThat(((RunbookState.MapStore<Long>) state.guards()).asMap().keySet())
        .noneMatch(key -> key.startsWith("held/") || key.equals("breaker-open"));
  }

  @Test
  void shouldMarkEveryStepOfADryRunRule() {
    RunbookEngine engine =
        engine(
            """
            - name: try-it
              dryRun: true
              steps: [{name: hook, kind: webhook, url: "https://hooks.test/q"}]
            """,
            RunbookEngine.Guards.none());

    List<RunbookEngine.Output> fired = engine.onIncident(Incidents.warning("inc-1", 1), T0, state);

    assertThat(actions(fired)).singleElement().satisfies(a -> assertThat(a.getDryRun()).isTrue());
  }

  @Test
  void shouldForgetEverythingAtTheLastVersionAndAfterTheTtl() {
    RunbookEngine engine = engine(SCALE_THEN_PAGE, RunbookEngine.Guards.none());

    engine.onIncident(Incidents.warning("inc-1", 1), T0, state);
    engine.onIncident(Incidents.warning("inc-2", 1), T0, state);
    engine.onIncident(
        Incidents.version("inc-1", 2, Severity.WARNING).setStatus(IncidentStatus.CLOSED).build(),
        T0,
        state);
    engine.purge(T0 + 2 * 60 * MINUTE, Duration.ofHours(1), state);

    assertThat(((RunbookState.MapStore<Long>) state.notified()).asMap()).isEmpty();
    assertThat(((RunbookState.MapStore<String>) state.progress()).asMap()).isEmpty();
    assertThat(((RunbookState.MapStore<Incident>) state.incidents()).asMap()).isEmpty();
    assertThat(((RunbookState.MapStore<Long>) state.guards()).asMap().keySet())
        .containsOnly("open-count");
    assertThat(RunbookEngine.openIncidents(state)).isZero();
  }

  private RunbookEngine engine(String yaml, RunbookEngine.Guards guards) {
    return new RunbookEngine(RunbookFile.parse(yaml, DEFAULTS), guards, metrics);
  }

  static Incident resolved(String id, long version) {
    return Incidents.version(id, version, Severity.WARNING)
        .setStatus(IncidentStatus.RESOLVED)
        .setResolvedAt(Incidents.RESOLVED)
        .build();
  }

  static Incident reopened(String id, long version) {
    return Incidents.version(id, version, Severity.CRITICAL)
        .setStatus(IncidentStatus.REOPENED)
        .build();
  }

  static List<RemediationAction> actions(List<RunbookEngine.Output> outputs) {
    return outputs.stream().map(RunbookEngine.Output::action).filter(Objects::nonNull).toList();
  }

  static List<ActionResult> results(List<RunbookEngine.Output> outputs) {
    return outputs.stream().map(RunbookEngine.Output::result).filter(Objects::nonNull).toList();
  }

  private static ActionResult dispatched(
      RemediationAction action, ActionOutcome outcome, Integer status, String error, long at) {
    return ActionResult.newBuilder()
        .setActionId(action.getActionId())
        .setIncidentId(action.getIncidentId())
        .setIncidentVersion(action.getIncidentVersion())
        .setOutcome(outcome)
        .setHttpStatus(status)
        .setAttempts(status == null ? 0 : 1)
        .setError(error)
        .setStartedAt(status == null ? null : Instant.ofEpochMilli(at))
        .setFinishedAt(Instant.ofEpochMilli(at))
        .build();
  }
}
