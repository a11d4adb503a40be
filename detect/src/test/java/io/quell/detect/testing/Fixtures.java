/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.testing;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.MetricPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Named instants and small builders for the detect tests. */
public final class Fixtures {
  private Fixtures() {}

  /** When every scenario starts: a Monday morning, on an interval boundary. */
  public static final Instant MONDAY_0900 = Instant.parse("2026-03-02T09:00:00Z");

  /** The simulator's step: one point per series every 10 s. */
  public static final Duration STEP = Duration.ofSeconds(10);

  public static MetricPoint point(String name, Map<String, String> labels, Instant at, double v) {
    return MetricPoint.newBuilder()
        .setName(name)
        .setLabels(labels)
        .setTimestamp(at)
        .setValue(v)
        .build();
  }

  /** A point of the checkout service's p99 latency, {@code step} steps after 09:00. */
  public static MetricPoint latency(int step, double seconds) {
    return point(
        "http_request_duration_p99_seconds",
        Map.of("service", "checkout", "tier", "backend"),
        MONDAY_0900.plus(STEP.multipliedBy(step)),
        seconds);
  }

  public static LogEvent log(String service, Instant at, LogLevel level, String message) {
    return LogEvent.newBuilder()
        .setService(service)
        .setTimestamp(at)
        .setLevel(level)
        .setMessage(message)
        .build();
  }
}
