/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import io.quell.schemas.avro.RemediationAction;
import java.time.Instant;

/** Sends one kind of action ({@code io.quell.schemas.avro.ActionKind}) to its receiver. */
@FunctionalInterface
public interface ActionSender {

  /** What became of the attempts to send one action. */
  record Delivery(
      boolean succeeded, Integer httpStatus, int attempts, String error, Instant startedAt) {}

  /** Sends {@code action}, retrying as the sender sees fit; never throws for receiver failures. */
  Delivery send(RemediationAction action);
}
