/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import io.quell.schemas.avro.ActionOutcome;
import java.util.Objects;

/**
 * Why an action ends without being sent.
 *
 * @param outcome REFUSED or EXPIRED, usually
 * @param reason the reason in words, for the result's error field
 */
public record Verdict(ActionOutcome outcome, String reason) {
  public Verdict {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }
}
