/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import io.quell.schemas.avro.Alert;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The labels silences and inhibition rules match: the alert's own labels, plus three pseudo-labels
 * taken from its fields when the alert has no label of that name: {@code alertname} (the alert's
 * name), {@code service} (its service, when known) and {@code severity} (its severity in lower
 * case: {@code info}, {@code warning}, {@code critical}). A real label always wins, so an
 * Alertmanager alert matches exactly as in Alertmanager.
 */
public final class AlertLabels {

  public static final String ALERT_NAME = "alertname";
  public static final String SERVICE = "service";
  public static final String SEVERITY = "severity";

  private AlertLabels() {}

  public static Map<String, String> of(Alert alert) {
    Map<String, String> labels = new HashMap<>(alert.getLabels());
    labels.putIfAbsent(ALERT_NAME, alert.getName());
    if (alert.getService() != null) {
      labels.putIfAbsent(SERVICE, alert.getService());
    }
    if (alert.getSeverity() != null) {
      labels.putIfAbsent(SEVERITY, alert.getSeverity().name().toLowerCase(Locale.ROOT));
    }
    return labels;
  }
}
