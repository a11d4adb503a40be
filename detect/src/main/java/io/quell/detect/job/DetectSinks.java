/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.dlq.DeadLetter;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the detect job writes: alerts (quell.alerts in production) and dead letters (quell.dlq).
 *
 * @param alerts receives every FIRING and RESOLVED alert, with the alert's event time as timestamp
 * @param deadLetters receives the records that could not be decoded; only used with raw sources
 */
public record DetectSinks(Sink<Alert> alerts, Sink<DeadLetter> deadLetters) {
  public DetectSinks {
    Objects.requireNonNull(alerts, "alerts");
  }
}
