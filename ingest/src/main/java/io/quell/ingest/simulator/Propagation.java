/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How a fault spreads from its root to the services that depend on it.
 *
 * @param hopDelay how much later each further hop feels the fault (and recovers), as timeouts and
 *     retries pile up
 * @param attenuation strength kept per hop, 0 to 1: a caller at {@code h} hops is hit with {@code
 *     attenuation^h}
 */
public record Propagation(Duration hopDelay, double attenuation) {

  /** 20 s per hop, 70 % of the strength kept per hop. */
  public static final Propagation DEFAULT = new Propagation(Duration.ofSeconds(20), 0.7);

  public Propagation {
    Objects.requireNonNull(hopDelay, "hopDelay");
    if (hopDelay.isNegative()) {
      throw new IllegalArgumentException("hopDelay must not be negative");
    }
    if (!(attenuation > 0 && attenuation <= 1)) {
      throw new IllegalArgumentException("attenuation must be in (0, 1] but is " + attenuation);
    }
  }
}
