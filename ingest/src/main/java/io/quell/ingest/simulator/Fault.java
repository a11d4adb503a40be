/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault injected into a scenario.
 *
 * @param id unique id, the key of its ground truth record
 * @param kind what it does
 * @param root the service where it starts
 * @param startOffset when it starts at the root, from the start of the scenario
 * @param duration how long it lasts at the root
 * @param propagation how it spreads to dependents
 */
public record Fault(
    String id,
    FaultKind kind,
    String root,
    Duration startOffset,
    Duration duration,
    Propagation propagation) {

  public Fault {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(startOffset, "startOffset");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(propagation, "propagation");
    if (startOffset.isNegative()) {
      throw new IllegalArgumentException("Fault " + id + " starts before the scenario");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("Fault " + id + " needs a positive duration");
    }
  }

  /** When the fault reaches a service {@code hops} calls from the root, from the scenario start. */
  public Duration onsetAt(int hops) {
    return startOffset.plus(propagation.hopDelay().multipliedBy(hops));
  }

  /** When a service {@code hops} calls from the root recovers, from the scenario start. */
  public Duration recoveryAt(int hops) {
    return onsetAt(hops).plus(duration);
  }

  /** The strength at {@code hops} calls from the root, before the kind's profile. */
  public double attenuationAt(int hops) {
    return Math.pow(propagation.attenuation(), hops);
  }
}
