/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.eval;

/**
 * One firing episode of an alert (a fingerprint and one start) and what became of it.
 *
 * @param fingerprint the alert's fingerprint
 * @param name the alert's name
 * @param service the alert's service, or null
 * @param startsAt when this episode started (epoch ms)
 * @param faultId the fault that caused it, or null when no fault did (noise)
 * @param incidentId the incident it ended up in, after merges; null when it never joined one
 * @param publishedAt event time of the first published incident version that listed it, or null
 * @param muted whether that first version listed it as muted (silence, window or inhibition)
 */
public record ScoredAlert(
    String fingerprint,
    String name,
    String service,
    long startsAt,
    String faultId,
    String incidentId,
    Long publishedAt,
    boolean muted) {

  /** Whether a fault caused it. */
  public boolean fromFault() {
    return faultId != null;
  }
}
