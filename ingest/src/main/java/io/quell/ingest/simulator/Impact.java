/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

/**
 * How hard a fault hits one service in one step.
 *
 * @param fault the fault
 * @param service the service hit
 * @param hops calls between the service and the fault's root (0 at the root)
 * @param via the dependency the fault came through (a callee of {@code service} on a shortest path
 *     to the root), or null at the root
 * @param sinceOnset how long ago the fault reached this service
 * @param intensity 0 to 1: the kind's profile over time, attenuated per hop
 * @param firstStep whether this is the first step in which the fault is felt at this service
 * @param step the simulated time between two steps of the scenario
 */
public record Impact(
    Fault fault,
    Service service,
    int hops,
    String via,
    java.time.Duration sinceOnset,
    double intensity,
    boolean firstStep,
    java.time.Duration step) {

  public boolean atRoot() {
    return hops == 0;
  }

  /** Whether this is the last step in which the fault is felt at this service. */
  public boolean lastStep() {
    return sinceOnset.plus(step).compareTo(fault.duration()) >= 0;
  }
}
