/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.RemediationAction;
import java.net.URI;
import java.time.Instant;

/** Remediation actions for dispatcher tests. */
final class Actions {

  static final Instant CREATED = Instant.parse("2026-03-02T09:17:00Z");

  private Actions() {}

  static RemediationAction.Builder webhook(String actionId, URI target) {
    return RemediationAction.newBuilder()
        .setActionId(actionId)
        .setIncidentId("inc-" + actionId.hashCode())
        .setIncidentVersion(2)
        .setRule("critical-incident-webhook")
        .setStepIndex(0)
        .setStepName("notify-webhook")
        .setKind(ActionKind.GENERIC_WEBHOOK)
        .setTargetUrl(target.toString())
        .setMethod("POST")
        .setPayload("{\"incident\":{\"id\":\"inc-1\",\"title\":\"checkout down\"}}")
        .setMaxAttempts(5)
        .setCreatedAt(CREATED);
  }
}
