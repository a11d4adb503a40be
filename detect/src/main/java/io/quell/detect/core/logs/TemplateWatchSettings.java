/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.detect.core.logs.template.TemplateSettings;
import io.quell.schemas.avro.Severity;
import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of the {@link TemplateWatch}.
 *
 * @param intervalMs length of the tumbling event-time intervals templates are counted in
 * @param warmUpMs event time from a service's first event during which its new templates are
 *     learned without an alert
 * @param maxNewAlertsPerInterval new-template alerts per service and interval at most; further new
 *     templates of the interval are learned silently
 * @param newTemplateSeverity severity of new-template alerts
 * @param templateExpiryMs event time without a message after which a template's counts, rate state
 *     and alerts are forgotten (the miner keeps the template itself until it is evicted)
 * @param miner the settings of the per-service template miner (its cap bounds the state)
 */
public record TemplateWatchSettings(
    long intervalMs,
    long warmUpMs,
    int maxNewAlertsPerInterval,
    Severity newTemplateSeverity,
    long templateExpiryMs,
    TemplateSettings miner)
    implements Serializable {

  public TemplateWatchSettings {
    if (intervalMs < 1) {
      throw new IllegalArgumentException("intervalMs must be positive but is " + intervalMs);
    }
    if (warmUpMs < 0) {
      throw new IllegalArgumentException("warmUpMs must not be negative but is " + warmUpMs);
    }
    if (maxNewAlertsPerInterval < 0) {
      throw new IllegalArgumentException(
          "maxNewAlertsPerInterval must not be negative but is " + maxNewAlertsPerInterval);
    }
    Objects.requireNonNull(newTemplateSeverity, "newTemplateSeverity");
    if (templateExpiryMs <= intervalMs) {
      throw new IllegalArgumentException("templateExpiryMs must be longer than an interval");
    }
    Objects.requireNonNull(miner, "miner");
  }
}
