/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.eval;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which fault caused an alert: a fault that reached the alert's service and was felt there when the
 * alert started, give or take (a detector may date an alert from the start of its interval, and a
 * service takes a while to recover). When several did, one already felt there wins over one only
 * about to be, then the nearest to its root (fewest hops), then the one felt there most recently,
 * then the smaller id. An alert no fault explains is noise.
 */
public final class FaultAttribution {

  /** How long after a fault ended at a service an alert there still counts as its echo. */
  public static final Duration DEFAULT_RECOVERY = Duration.ofMinutes(2);

  /**
   * How long before a fault reached a service an alert there may start and still be its: an error
   * burst starts at the start of its (one-minute) interval, which may precede the onset.
   */
  public static final Duration DEFAULT_LEAD = Duration.ofMinutes(1);

  private final List<FaultTruth> faults;
  private final long leadMillis;
  private final long recoveryMillis;

  public FaultAttribution(List<FaultTruth> faults, Duration recovery) {
    this(faults, Duration.ZERO, recovery);
  }

  public FaultAttribution(List<FaultTruth> faults, Duration lead, Duration recovery) {
    this.faults = List.copyOf(faults);
    this.leadMillis = lead.toMillis();
    this.recoveryMillis = recovery.toMillis();
  }

  /** The fault that caused an alert on {@code service} starting at {@code startsAt}, if any. */
  public Optional<FaultTruth> causeOf(String service, long startsAt) {
    if (service == null) {
      return Optional.empty();
    }
    return faults.stream()
        .filter(
            fault -> {
              FaultTruth.Impact impact = fault.impacts().get(service);
              return impact != null
                  && startsAt >= impact.start() - leadMillis
                  && startsAt <= impact.end() + recoveryMillis;
            })
        .min(
            Comparator.comparing(
                    (FaultTruth f) -> startsAt < f.impacts().get(service).start(), Boolean::compare)
                .thenComparingInt(f -> f.impacts().get(service).hops())
                .thenComparing(f -> -f.impacts().get(service).start())
                .thenComparing(FaultTruth::id));
  }
}
