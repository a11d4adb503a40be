/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.RemediationAction;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one action and says what became of it, with no Kafka in sight: the guards in order (the
 * first objection decides), then the dry-run flag, then the sender for the action's kind. A kind
 * without a sender (UNKNOWN included) is refused rather than guessed at.
 */
public final class ActionExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);

  private final List<ActionGuard> guards;
  private final Map<ActionKind, ActionSender> senders;
  private final Clock clock;
  private final RemediationMetrics metrics;

  public ActionExecutor(
      List<ActionGuard> guards,
      Map<ActionKind, ActionSender> senders,
      Clock clock,
      RemediationMetrics metrics) {
    this.guards = List.copyOf(guards);
    this.senders = Map.copyOf(senders);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * The executor the settings describe: the allowlist, method, deadline and approval guards, and a
   * {@link WebhookSender} for SLACK, PAGERDUTY, JIRA and HTTP_SCALE (signed when a secret is set),
   * and for GENERIC_WEBHOOK only when a signing secret is set.
   */
  public static ActionExecutor fromConfig(
      Map<String, ?> config, HttpClient http, Clock clock, RemediationMetrics metrics) {
    List<ActionGuard> guards =
        List.of(
            ActionGuards.allowedHosts(new HostAllowlist(RemediateOptions.allowedHosts(config))),
            ActionGuards.methods(Set.of("POST", "PUT", "PATCH")),
            ActionGuards.notExpired(),
            ActionGuards.noApprovalRequired());
    Map<ActionKind, ActionSender> senders = new EnumMap<>(ActionKind.class);
    String secret = RemediateOptions.WEBHOOK_SECRET.read(config);
    WebhookSignature signature =
        secret == null || secret.isEmpty() ? null : new WebhookSignature(secret);
    WebhookSender sender =
        new WebhookSender(
            http,
            signature,
            RemediateOptions.authorizations(config),
            WebhookSender.Policy.fromConfig(config),
            clock,
            metrics);
    // Slack, PagerDuty, Jira and scale endpoints authenticate by URL or Authorization header, so
    // they are sent signed when there is a secret and unsigned otherwise.
    senders.put(ActionKind.SLACK, sender);
    senders.put(ActionKind.PAGERDUTY, sender);
    senders.put(ActionKind.JIRA, sender);
    senders.put(ActionKind.HTTP_SCALE, sender);
    if (signature != null) {
      senders.put(ActionKind.GENERIC_WEBHOOK, sender);
    } else {
      LOG.warn(
          "No {} set: generic webhook actions will be refused",
          RemediateOptions.WEBHOOK_SECRET.key());
    }
    return new ActionExecutor(guards, senders, clock, metrics);
  }

  /**
   * Runs {@code action}; the result's outcome says whether it was sent and how that went. Never
   * throws: an unexpected error becomes a FAILED result, so one odd action cannot stop the
   * dispatcher by failing again on every redelivery.
   */
  public ActionResult execute(RemediationAction action) {
    ActionResult result;
    try {
      result = run(action);
    } catch (RuntimeException e) {
      LOG.error("Action {} failed unexpectedly", action.getActionId(), e);
      result = unsent(action, ActionOutcome.FAILED, "dispatcher error: " + e);
    }
    metrics.actionResult(result.getOutcome());
    LOG.info(
        "Action {} for incident {}: {}{}",
        action.getActionId(),
        action.getIncidentId(),
        result.getOutcome(),
        result.getError() == null ? "" : " (" + result.getError() + ")");
    return result;
  }

  private ActionResult run(RemediationAction action) {
    Instant now = clock.instant();
    for (ActionGuard guard : guards) {
      Optional<Verdict> verdict = guard.check(action, now);
      if (verdict.isPresent()) {
        return unsent(action, verdict.get().outcome(), verdict.get().reason());
      }
    }
    ActionSender sender = senders.get(action.getKind());
    if (sender == null) {
      return unsent(
          action, ActionOutcome.REFUSED, "no sender for actions of kind " + action.getKind());
    }
    if (action.getDryRun()) {
      return unsent(action, ActionOutcome.DRY_RUN, null);
    }
    ActionSender.Delivery delivery = sender.send(action);
    return base(action)
        .setOutcome(delivery.succeeded() ? ActionOutcome.SUCCEEDED : ActionOutcome.FAILED)
        .setHttpStatus(delivery.httpStatus())
        .setAttempts(delivery.attempts())
        .setError(delivery.error())
        .setStartedAt(delivery.startedAt())
        .setFinishedAt(clock.instant())
        .build();
  }

  private ActionResult unsent(RemediationAction action, ActionOutcome outcome, String reason) {
    return base(action)
        .setOutcome(outcome)
        .setHttpStatus(null)
        .setAttempts(0)
        .setError(reason)
        .setStartedAt(null)
        .setFinishedAt(clock.instant())
        .build();
  }

  private static ActionResult.Builder base(RemediationAction action) {
    return ActionResult.newBuilder()
        .setActionId(action.getActionId())
        .setIncidentId(action.getIncidentId())
        .setIncidentVersion(action.getIncidentVersion());
  }
}
