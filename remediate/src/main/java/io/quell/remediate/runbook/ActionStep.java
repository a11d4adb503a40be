/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.RemediationAction;

/**
 * One step of a rule: turns the incident version that fired the rule into an action for the
 * dispatcher. Must be deterministic (same incident, same action), so that a replay produces an
 * identical record; the action id comes from {@link ActionIds}.
 */
public interface ActionStep {

  /** Name of the step within its rule, for example {@code notify-webhook}. */
  String name();

  /** The action for {@code incident}, as step {@code stepIndex} of {@code rule}. */
  RemediationAction plan(Incident incident, String rule, int stepIndex);
}
