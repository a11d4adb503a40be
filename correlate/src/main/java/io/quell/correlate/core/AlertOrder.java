/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import java.util.Comparator;
import java.util.TreeMap;

/**
 * The order in which the correlator handles alerts of one instant. Alerts arrive in any order; this
 * order depends only on their content, so that the same alerts always give the same incidents.
 */
public final class AlertOrder {

  /** Event time, then firing before resolved, then fingerprint, then the remaining content. */
  public static final Comparator<Alert> INSTANCE =
      Comparator.comparingLong(AlertTimes::eventTime)
          .thenComparing(Alert::getStatus)
          .thenComparing(Alert::getFingerprint)
          .thenComparing(alert -> alert.getStartsAt().toEpochMilli())
          .thenComparing(Alert::getSeverity)
          .thenComparing(Alert::getName)
          .thenComparing(Alert::getService, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(alert -> new TreeMap<>(alert.getLabels()).toString());

  private AlertOrder() {}
}
