/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.JoinRuleKind;
import java.util.Objects;

/**
 * Why an alert may join an incident: which rule matched, against which member, and how strongly
 * (when an alert relates to several incidents, the strongest match wins).
 *
 * @param kind the rule
 * @param strength higher wins; see the constants
 * @param relatedFingerprint the member the rule matched against
 * @param detail the match in words
 */
public record JoinMatch(JoinRuleKind kind, int strength, String relatedFingerprint, String detail) {

  /** The alert is about a service that already has alerts in the incident. */
  public static final int SAME_SERVICE = 40;

  /**
   * The alert's service calls a service of the incident: a failing dependency explains the alert,
   * the direction in which faults spread.
   */
  public static final int CALLS_MEMBER = 30;

  /** A service of the incident calls the alert's service. */
  public static final int CALLED_BY_MEMBER = 20;

  /** An alert without a service shares name and grouping labels with a member. */
  public static final int SHARED_LABELS = 10;

  public JoinMatch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(relatedFingerprint, "relatedFingerprint");
  }
}
