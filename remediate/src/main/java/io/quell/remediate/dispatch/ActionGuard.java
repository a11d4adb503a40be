/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import io.quell.schemas.avro.RemediationAction;
import java.time.Instant;
import java.util.Optional;

/**
 * A check the dispatcher makes before it runs an action. The first guard that objects decides the
 * outcome and nothing is sent.
 */
@FunctionalInterface
public interface ActionGuard {

  /** Empty when {@code action} may run at {@code now}; else why not. */
  Optional<Verdict> check(RemediationAction action, Instant now);
}
