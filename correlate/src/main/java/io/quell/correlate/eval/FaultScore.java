/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.eval;

import java.util.List;

/**
 * How one fault came out.
 *
 * @param faultId the fault
 * @param kind its kind
 * @param rootService where it started
 * @param planned whether it was planned work
 * @param alerts firing alert episodes it caused
 * @param incidents distinct incidents those alerts ended up in
 * @param mainIncident the incident holding most of them (null when it caused no alert)
 * @param rootCauses the main incident's ranked root-cause services, best first, from its last
 *     version
 * @param top1 whether the best candidate is the root
 * @param top3 whether the root is among the best three
 * @param secondsToIncident from the fault's start to the first published incident version listing
 *     one of its alerts (0 when that was before the start); null when none was published
 * @param mutedAlerts its alerts muted in the first version that listed them
 */
public record FaultScore(
    String faultId,
    String kind,
    String rootService,
    boolean planned,
    int alerts,
    int incidents,
    String mainIncident,
    List<String> rootCauses,
    boolean top1,
    boolean top3,
    Double secondsToIncident,
    int mutedAlerts) {

  /** Whether any alert was raised for it. */
  public boolean detected() {
    return alerts > 0;
  }
}
