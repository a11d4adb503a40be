/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import java.util.Optional;

/**
 * One reason for an alert to join an incident. The matcher asks every rule and keeps the strongest
 * answer; new rules (same log template, shared labels for alerts with a service, ...) plug in here.
 */
@FunctionalInterface
public interface JoinRule {

  /**
   * Whether {@code alert} is related to {@code incident}, and to which member.
   *
   * @param groupKey the alert's grouping key for alerts without a service (see {@link GroupKeys}),
   *     or null
   */
  Optional<JoinMatch> match(
      Alert alert, String groupKey, IncidentState incident, Topology topology);
}
