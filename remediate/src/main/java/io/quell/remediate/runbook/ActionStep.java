/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.RemediationAction;
import java.time.Duration;
import java.util.Optional;

/**
 * One step of a rule: turns the incident version that fired the rule into an action for the
 * dispatcher. Must be deterministic (same incident, same action), so that a replay produces an
 * identical record; the action id comes from {@link ActionIds}.
 *
 * <p>The default methods say how the runbook engine guards and sequences the step; the built-in
 * webhook step keeps every default (a notification: not automatic, no approval, no verification).
 */
public interface ActionStep {

  /** Name of the step within its rule, for example {@code notify-webhook}. */
  String name();

  /**
   * The action for {@code incident}, as step {@code stepIndex} of {@code rule}, in the {@code
   * episode}-th time the rule fired for the incident (starting at 1).
   */
  RemediationAction plan(Incident incident, String rule, int stepIndex, int episode);

  /** The action of the first episode. */
  default RemediationAction plan(Incident incident, String rule, int stepIndex) {
    return plan(incident, rule, stepIndex, 1);
  }

  /**
   * The notification to send when the incident resolves after this step ran (a PagerDuty resolve
   * event, a Slack follow-up); empty when the step has none.
   */
  default Optional<RemediationAction> planResolve(
      Incident incident, String rule, int stepIndex, int episode) {
    return Optional.empty();
  }

  /**
   * Whether the step changes something on its own (scales, restarts) rather than telling people:
   * automatic steps count against the per-service budget and stop while the circuit breaker is
   * open.
   */
  default boolean automatic() {
    return false;
  }

  /** Whether a person must approve the step before it is sent. */
  default boolean requiresApproval() {
    return false;
  }

  /**
   * How long to watch the incident after the step: if it has not resolved by then, the step is
   * INEFFECTIVE and the rule's next step runs. Null: the next step runs at once.
   */
  default Duration verifyWithin() {
    return null;
  }

  /** Least time between two runs of this step for one incident; null for the engine's default. */
  default Duration cooldown() {
    return null;
  }
}
