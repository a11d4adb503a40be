/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core;

import io.quell.schemas.avro.Severity;

/**
 * What one observation changed in an alert's life cycle.
 *
 * @param kind what happened
 * @param at event time that goes with it: startsAt when fired, the observation's time when
 *     escalated, endsAt when resolved
 * @param peakScore highest raw score of the episode so far
 * @param severity severity of the episode after the change
 */
public record Transition(Kind kind, long at, double peakScore, Severity severity) {

  /** The kinds of change; only NONE emits nothing. */
  public enum Kind {
    /** Nothing to tell: still normal, still pending, or still firing at the same severity. */
    NONE,
    /** The condition held long enough: the alert starts firing. */
    FIRED,
    /** Still firing, now at a higher severity. */
    ESCALATED,
    /** The condition has been gone long enough: the alert resolves. */
    RESOLVED
  }

  static final Transition NOTHING = new Transition(Kind.NONE, 0, 0, null);

  public boolean emits() {
    return kind != Kind.NONE;
  }
}
