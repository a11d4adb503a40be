/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.testing;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.avro.TopologyEdge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service landscape shaped like the demo simulator's: a gateway in front of APIs, which use
 * workers, databases, a cache and a queue; and a fault story on it, where a root service fails and
 * the failure spreads to its callers, one hop after another.
 */
public final class DemoTopology {

  public static final List<TopologyEdge> EDGES =
      List.of(
          edge("gateway", "orders-api", EdgeKind.HTTP),
          edge("gateway", "catalog-api", EdgeKind.HTTP),
          edge("gateway", "users-api", EdgeKind.HTTP),
          edge("orders-api", "orders-db", EdgeKind.DATABASE),
          edge("orders-api", "payments-api", EdgeKind.HTTP),
          edge("orders-api", "events-queue", EdgeKind.QUEUE),
          edge("payments-api", "payments-db", EdgeKind.DATABASE),
          edge("catalog-api", "catalog-db", EdgeKind.DATABASE),
          edge("catalog-api", "cache", EdgeKind.CACHE),
          edge("users-api", "users-db", EdgeKind.DATABASE),
          edge("users-api", "cache", EdgeKind.CACHE),
          edge("fulfilment-worker", "events-queue", EdgeKind.QUEUE),
          edge("fulfilment-worker", "orders-db", EdgeKind.DATABASE));

  private DemoTopology() {}

  public static TopologyEdge edge(String caller, String callee, EdgeKind kind) {
    return TopologyEdge.newBuilder().setCaller(caller).setCallee(callee).setKind(kind).build();
  }

  /** Every service that (transitively) calls {@code root}, with its hop distance. */
  public static Map<String, Integer> callersByHops(String root) {
    Map<String, Integer> hops = new HashMap<>();
    hops.put(root, 0);
    List<String> frontier = List.of(root);
    int distance = 0;
    while (!frontier.isEmpty()) {
      distance++;
      Set<String> next = new LinkedHashSet<>();
      for (String callee : frontier) {
        for (TopologyEdge edge : EDGES) {
          if (edge.getCallee().equals(callee) && !hops.containsKey(edge.getCaller())) {
            hops.put(edge.getCaller(), distance);
            next.add(edge.getCaller());
          }
        }
      }
      frontier = new ArrayList<>(next);
    }
    return hops;
  }

  /**
   * The alerts a detector raises when {@code root} fails at {@code faultAt}: on every affected
   * service, {@code hopDelay} later per hop, two metric alerts (latency and errors) and one
   * error-burst alert, at slightly different times.
   */
  public static List<Alert> faultAlerts(String root, Instant faultAt, Duration hopDelay) {
    List<Alert> alerts = new ArrayList<>();
    callersByHops(root)
        .forEach(
            (service, hops) -> {
              Instant start = faultAt.plus(hopDelay.multipliedBy(hops));
              alerts.add(
                  metricAlert(service, "http_request_duration_seconds", start.plusSeconds(5)));
              alerts.add(metricAlert(service, "http_requests_errors_total", start.plusSeconds(10)));
              alerts.add(
                  TestAlerts.builder(
                          "burst/" + service, "LogErrorBurst", service, start.plusSeconds(15))
                      .setSeverity(Severity.CRITICAL)
                      .build());
            });
    return alerts;
  }

  private static Alert metricAlert(String service, String metric, Instant startsAt) {
    String series = metric + "{service=\"" + service + "\"}";
    Alert alert =
        TestAlerts.builder("zscore/" + series, "MetricAnomaly", service, startsAt).build();
    alert.getLabels().put("__name__", metric);
    return alert;
  }
}
