/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.LogTemplate;
import io.quell.schemas.dlq.DeadLetter;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the detect job writes: alerts (quell.alerts in production), dead letters (quell.dlq) and
 * mined log templates (quell.templates).
 *
 * @param alerts receives every FIRING and RESOLVED alert, with the alert's event time as timestamp
 * @param deadLetters receives the records that could not be decoded; only used with raw sources
 * @param templates receives the log templates as they are founded, generalised or their counts
 *     double; null to drop them
 */
public record DetectSinks(
    Sink<Alert> alerts, Sink<DeadLetter> deadLetters, Sink<LogTemplate> templates) {
  public DetectSinks {
    Objects.requireNonNull(alerts, "alerts");
  }

  /** Sinks for alerts and dead letters; the log templates are dropped. */
  public DetectSinks(Sink<Alert> alerts, Sink<DeadLetter> deadLetters) {
    this(alerts, deadLetters, null);
  }
}
