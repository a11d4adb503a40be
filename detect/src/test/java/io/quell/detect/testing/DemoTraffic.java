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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Traffic shaped like the demo simulator's, generated here so the tests do not depend on it: four
 * services, four metrics each every 10 s with Gaussian noise and a daily cycle, a few INFO logs per
 * service and step; from minute 6 to minute 10 a fault at {@code payments} raises latency, errors,
 * CPU and ERROR logs there and (less) in its callers {@code checkout} and {@code frontend}. The
 * {@code catalog} service is never affected. Before the 15 minutes come {@link #WARM_UP} of calm
 * history, as the demo plays them, so that the anomaly scorer has learned every series. Seeded, so
 * every run sees the same numbers.
 */
public final class DemoTraffic {
  public static final String ROOT = "payments";
  public static final Set<String> CALLERS = Set.of("checkout", "frontend");
  public static final String BYSTANDER = "catalog";
  public static final List<String> SERVICES = List.of("frontend", "checkout", ROOT, BYSTANDER);

  public static final Instant START = Fixtures.MONDAY_0900;

  /** Calm history before {@link #START}, as the demo's warm-up. */
  public static final Duration WARM_UP = Duration.ofHours(2);

  public static final Instant HISTORY_START = START.minus(WARM_UP);
  public static final Instant FAULT_START = START.plus(Duration.ofMinutes(6));
  public static final Instant FAULT_END = START.plus(Duration.ofMinutes(10));
  public static final Instant END = START.plus(Duration.ofMinutes(15));

  private final List<MetricPoint> points = new ArrayList<>();
  private final List<LogEvent> logs = new ArrayList<>();

  private DemoTraffic() {}

  /** The whole scenario, in event-time order. */
  public static DemoTraffic generate(long seed) {
    DemoTraffic traffic = new DemoTraffic();
    Random random = new Random(seed);
    double day = Duration.ofDays(1).toMillis();
    for (Instant at = HISTORY_START; at.isBefore(END); at = at.plus(Fixtures.STEP)) {
      boolean fault = !at.isBefore(FAULT_START) && at.isBefore(FAULT_END);
      double cycle = 1 + 0.2 * Math.sin(2 * Math.PI * (at.toEpochMilli() % (long) day) / day);
      for (String service : SERVICES) {
        double impact = !fault ? 0 : service.equals(ROOT) ? 1 : CALLERS.contains(service) ? 0.5 : 0;
        Map<String, String> labels =
            Map.of("service", service, "tier", service.equals("frontend") ? "edge" : "backend");
        traffic.points.add(
            Fixtures.point(
                "http_requests_per_second",
                labels,
                at,
                120 * cycle * (1 - 0.3 * impact) + random.nextGaussian() * 3));
        traffic.points.add(
            Fixtures.point(
                "http_request_duration_p99_seconds",
                labels,
                at,
                0.25 * (1 + 3 * impact) + random.nextGaussian() * 0.01));
        traffic.points.add(
            Fixtures.point(
                "http_error_ratio",
                labels,
                at,
                0.01 + 0.15 * impact + Math.abs(random.nextGaussian() * 0.003)));
        traffic.points.add(
            Fixtures.point(
                "process_cpu_usage",
                labels,
                at,
                0.35 * cycle + 0.2 * impact + random.nextGaussian() * 0.02));
        for (int i = 0; i < 3; i++) {
          traffic.logs.add(
              Fixtures.log(
                  service, at.plusMillis(1000L * i + 17), LogLevel.INFO, "handled request " + i));
        }
        int errors = (int) Math.round(4 * impact);
        for (int i = 0; i < errors; i++) {
          traffic.logs.add(
              Fixtures.log(
                  service,
                  at.plusMillis(500L * i + 250),
                  LogLevel.ERROR,
                  "upstream call failed: connection reset by " + ROOT));
        }
      }
    }
    return traffic;
  }

  public List<MetricPoint> points() {
    return points;
  }

  public List<LogEvent> logs() {
    return logs;
  }
}
