/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.MetricPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What each fault kind does to metrics and logs, how far it spreads, and its ground truth. */
class FaultKindsTest {

  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

  /**
   * A small shop: the gateway calls two APIs; shop-api uses orders-db, the cache and the queue;
   * users-api uses users-db and the cache; billing-worker consumes the queue and writes orders-db.
   */
  static final Topology SHOP =
      TopologyFile.parse(
          """
          services:
            - {name: gateway, tier: gateway, calls: [shop-api, users-api]}
            - {name: shop-api, tier: api, calls: [orders-db, session-cache, event-queue]}
            - {name: users-api, tier: api, calls: [users-db, session-cache]}
            - {name: billing-worker, tier: worker, calls: [event-queue, orders-db]}
            - {name: orders-db, tier: database}
            - {name: users-db, tier: database}
            - {name: session-cache, tier: cache}
            - {name: event-queue, tier: queue}
          """);

  private static final Scenario CALM =
      new Scenario("shop", 5, SHOP, List.of(), Duration.ofMinutes(20), Scenario.DEFAULT_STEP);

  static Fault fault(String id, FaultKind kind, String root, int fromMinute, int toMinute) {
    return new Fault(
        id,
        kind,
        root,
        Duration.ofMinutes(fromMinute),
        Duration.ofMinutes(toMinute - fromMinute),
        Propagation.DEFAULT);
  }

  static RecordingEventSink play(Scenario scenario) throws InterruptedException {
    RecordingEventSink sink = new RecordingEventSink();
    new Simulator(scenario, SimulatorOptions.defaults().withSpeed(0).withStart(NOON))
        .run(sink, ProgressListener.NONE);
    return sink;
  }

  static RecordingEventSink play(Fault... faults) throws InterruptedException {
    return play(CALM.withFaults(List.of(faults)));
  }

  static List<MetricPoint> series(RecordingEventSink sink, String service, String name) {
    return sink.metrics.stream()
        .filter(p -> p.getName().equals(name) && p.getLabels().get("service").equals(service))
        .toList();
  }

  static double mean(List<MetricPoint> points, Predicate<Instant> when) {
    return points.stream()
        .filter(p -> when.test(p.getTimestamp()))
        .mapToDouble(MetricPoint::getValue)
        .average()
        .orElseThrow();
  }

  static Predicate<Instant> between(int fromMinute, int toMinute) {
    Instant from = NOON.plus(Duration.ofMinutes(fromMinute));
    Instant to = NOON.plus(Duration.ofMinutes(toMinute));
    return t -> !t.isBefore(from) && t.isBefore(to);
  }

  static List<LogEvent> logs(RecordingEventSink sink, String service, String containing) {
    return sink.logs.stream()
        .filter(l -> l.getService().equals(service) && l.getMessage().contains(containing))
        .toList();
  }

  /** The services whose events differ from those of the calm play. */
  static Set<String> changed(RecordingEventSink faulty, RecordingEventSink calm) {
    Map<String, List<MetricPoint>> faultyMetrics =
        faulty.metrics.stream().collect(Collectors.groupingBy(p -> p.getLabels().get("service")));
    Map<String, List<MetricPoint>> calmMetrics =
        calm.metrics.stream().collect(Collectors.groupingBy(p -> p.getLabels().get("service")));
    Map<String, List<LogEvent>> faultyLogs =
        faulty.logs.stream().collect(Collectors.groupingBy(LogEvent::getService));
    Map<String, List<LogEvent>> calmLogs =
        calm.logs.stream().collect(Collectors.groupingBy(LogEvent::getService));
    return SHOP.services().stream()
        .map(Service::name)
        .filter(
            name ->
                !faultyMetrics.get(name).equals(calmMetrics.get(name))
                    || !faultyLogs
                        .getOrDefault(name, List.of())
                        .equals(calmLogs.getOrDefault(name, List.of())))
        .collect(Collectors.toSet());
  }

  @Test
  void slowdownMakesCallersTimeOutAndRetryAndFillsThePool() throws Exception {
    RecordingEventSink sink = play(fault("f", FaultKinds.SLOWDOWN, "orders-db", 5, 10));

    assertThat(logs(sink, "shop-api", "call to orders-db timed out after")).isNotEmpty();
    assertThat(logs(sink, "shop-api", "retrying call to orders-db")).isNotEmpty();
    assertThat(logs(sink, "billing-worker", "call to orders-db timed out after")).isNotEmpty();
    List<MetricPoint> pool = series(sink, "orders-db", EventGenerator.SATURATION);
    assertThat(mean(pool, between(6, 10))).isGreaterThan(0.95);
    assertThat(mean(pool, between(0, 5))).isLessThan(0.6);
    assertThat(changed(sink, play(CALM)))
        .containsExactlyInAnyOrder("orders-db", "shop-api", "billing-worker", "gateway");
  }

  @Test
  void memoryLeakClimbsUntilOutOfMemoryRestartsAndRepeats() throws Exception {
    // 8 minutes of leak: two cycles of 4 minutes, each ending in an OutOfMemoryError.
    RecordingEventSink sink = play(fault("leak", FaultKinds.MEMORY_LEAK, "shop-api", 2, 10));
    List<MetricPoint> memory = series(sink, "shop-api", EventGenerator.MEMORY);
    double normal = mean(memory, between(0, 2));

    assertThat(
            List.of(
                valueAt(memory, at(3, 0)),
                valueAt(memory, at(4, 0)),
                valueAt(memory, at(5, 0)),
                valueAt(memory, at(5, 40))))
        .isSorted();
    assertThat(valueAt(memory, at(5, 40))).isGreaterThan(1.5 * normal);
    List<LogEvent> oom = logs(sink, "shop-api", "OutOfMemoryError");
    assertThat(oom).hasSize(2);
    assertThat(oom).allMatch(l -> l.getLevel() == LogLevel.ERROR);
    assertThat(logs(sink, "shop-api", "killed by the OOM killer")).hasSize(2);
    assertThat(logs(sink, "shop-api", "started in")).hasSize(1);
    assertThat(logs(sink, "shop-api", "GC pause (G1 Full GC)")).isNotEmpty();
    // Memory drops at each restart: the step of the OOM reports the fresh process.
    for (LogEvent error : oom) {
      Instant stepStart =
          NOON.plusSeconds(Duration.between(NOON, error.getTimestamp()).toSeconds() / 10 * 10);
      double atRestart = valueAt(memory, stepStart);
      double before = valueAt(memory, stepStart.minusSeconds(10));
      assertThat(atRestart).isLessThan(0.6 * before);
    }
    assertThat(mean(memory, between(11, 20))).isLessThan(1.1 * normal);
    // Callers see refused connections only around the restarts.
    List<LogEvent> refused = logs(sink, "gateway", "call to shop-api failed: connection refused");
    assertThat(refused).isNotEmpty();
    assertThat(refused)
        .allSatisfy(
            l ->
                assertThat(
                        between(5, 7).test(l.getTimestamp())
                            || between(9, 11).test(l.getTimestamp()))
                    .isTrue());
    GroundTruth truth = sink.truths.get(0);
    assertThat(truth.kind()).isEqualTo("memory-leak");
    assertThat(truth.affectedServices()).containsExactly("shop-api", "gateway");
    assertThat(truth.planned()).isFalse();
    assertThat(changed(sink, play(CALM))).containsExactlyInAnyOrder("shop-api", "gateway");
  }

  private static double valueAt(List<MetricPoint> points, Instant time) {
    return points.stream()
        .filter(p -> p.getTimestamp().equals(time))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  @Test
  void badDeployLogsTheDeployThenErrorsThenTheRollback() throws Exception {
    RecordingEventSink sink = play(fault("deploy", FaultKinds.BAD_DEPLOY, "users-api", 3, 6));
    List<LogEvent> rootLogs =
        sink.logs.stream()
            .filter(l -> l.getService().equals("users-api") && l.getLevel() != LogLevel.INFO)
            .toList();

    List<LogEvent> deploys = logs(sink, "users-api", "deploying version 2.");
    assertThat(deploys).hasSize(1);
    assertThat(deploys.get(0).getTimestamp()).isBetween(at(3, 0), at(3, 10));
    List<LogEvent> errors =
        sink.logs.stream()
            .filter(l -> l.getService().equals("users-api") && l.getLevel() == LogLevel.ERROR)
            .toList();
    assertThat(errors).isNotEmpty();
    assertThat(errors).allSatisfy(l -> assertThat(l.getTimestamp()).isBetween(at(3, 0), at(6, 0)));
    List<LogEvent> rollback = logs(sink, "users-api", "rollback to version");
    assertThat(rollback).hasSize(1);
    assertThat(rollback.get(0).getTimestamp()).isBetween(at(5, 50), at(6, 0));
    assertThat(rootLogs).isNotEmpty();
    List<MetricPoint> errorRate = series(sink, "users-api", EventGenerator.ERROR_RATE);
    assertThat(mean(errorRate, between(3, 6))).isGreaterThan(20 * mean(errorRate, between(0, 3)));
    assertThat(logs(sink, "gateway", "call to users-api failed: HTTP 500")).isNotEmpty();
    assertThat(sink.truths.get(0).affectedServices()).containsExactly("users-api", "gateway");
    assertThat(changed(sink, play(CALM))).containsExactlyInAnyOrder("users-api", "gateway");
  }

  private static Instant at(int minute, int second) {
    return NOON.plus(Duration.ofMinutes(minute)).plusSeconds(second);
  }

  @Test
  void partitionRefusesCallersAcrossTheCutAndDropsTrafficOnTheCallees() throws Exception {
    FaultKind kind = FaultKinds.PARTITION;
    String root = kind.defaultRoot(SHOP);
    RecordingEventSink sink = play(fault("cut", kind, root, 4, 8));

    assertThat(root).isEqualTo("orders-db");
    GroundTruth truth = sink.truths.get(0);
    assertThat(truth.kind()).isEqualTo("partition");
    assertThat(truth.rootService()).isEqualTo("orders-db");
    assertThat(truth.description()).contains("between the api and database tiers");
    assertThat(truth.impacts())
        .extracting(GroundTruth.AffectedService::service, GroundTruth.AffectedService::hops)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("orders-db", 0),
            org.assertj.core.groups.Tuple.tuple("users-db", 0),
            org.assertj.core.groups.Tuple.tuple("shop-api", 1),
            org.assertj.core.groups.Tuple.tuple("users-api", 1),
            org.assertj.core.groups.Tuple.tuple("gateway", 2));
    // The worker writes to orders-db too, but not across the cut.
    assertThat(changed(sink, play(CALM)))
        .containsExactlyInAnyOrder("orders-db", "users-db", "shop-api", "users-api", "gateway");
    assertThat(logs(sink, "shop-api", "connect to orders-db")).isNotEmpty();
    assertThat(logs(sink, "users-api", "connect to users-db")).isNotEmpty();
    assertThat(logs(sink, "gateway", "HTTP 503 Service Unavailable")).isNotEmpty();
    for (String callee : List.of("orders-db", "users-db")) {
      List<MetricPoint> rate = series(sink, callee, EventGenerator.REQUEST_RATE);
      assertThat(mean(rate, between(4, 8))).isLessThan(0.5 * mean(rate, between(0, 4)));
    }
    List<MetricPoint> callerErrors = series(sink, "shop-api", EventGenerator.ERROR_RATE);
    assertThat(mean(callerErrors, between(5, 8)))
        .isGreaterThan(50 * mean(callerErrors, between(0, 4)));
  }

  @Test
  void partitionBetweenOtherTiersCutsOnlyThoseCalls() throws Exception {
    FaultKind kind = FaultKinds.partition(Tier.WORKER, Tier.QUEUE);
    RecordingEventSink sink = play(fault("cut", kind, kind.defaultRoot(SHOP), 4, 8));

    assertThat(sink.truths.get(0).affectedServices())
        .containsExactly("event-queue", "billing-worker");
    assertThatThrownBy(() -> FaultKinds.partition(Tier.CACHE, Tier.QUEUE).defaultRoot(SHOP))
        .hasMessageContaining("No cache service calls a queue service");
  }

  @Test
  void flappingCheckSwingsOneMetricAcrossItsThresholdEveryThirtySeconds() throws Exception {
    RecordingEventSink sink =
        play(fault("flap", FaultKinds.FLAPPING_CHECK, "billing-worker", 5, 9));
    List<MetricPoint> cpu = series(sink, "billing-worker", EventGenerator.CPU);

    assertThat(crossings(cpu, between(0, 5), 0.8)).isZero();
    assertThat(crossings(cpu, between(5, 9), 0.8)).isGreaterThanOrEqualTo(6);
    assertThat(crossings(cpu, between(9, 20), 0.8)).isZero();
    assertThat(sink.truths.get(0).affectedServices()).containsExactly("billing-worker");
    assertThat(changed(sink, play(CALM))).containsExactly("billing-worker");
    assertThat(sink.logs).noneMatch(l -> l.getLevel() == LogLevel.ERROR);
  }

  private static int crossings(List<MetricPoint> points, Predicate<Instant> when, double line) {
    List<Boolean> above = new ArrayList<>();
    points.stream()
        .filter(p -> when.test(p.getTimestamp()))
        .forEach(p -> above.add(p.getValue() > line));
    int crossings = 0;
    for (int i = 1; i < above.size(); i++) {
      if (above.get(i) != above.get(i - 1)) {
        crossings++;
      }
    }
    return crossings;
  }

  @Test
  void maintenanceDrainsTheServiceLogsTheWindowAndIsMarkedPlanned() throws Exception {
    RecordingEventSink sink = play(fault("mw", FaultKinds.MAINTENANCE, "users-db", 4, 8));
    List<MetricPoint> rate = series(sink, "users-db", EventGenerator.REQUEST_RATE);

    assertThat(mean(rate, between(4, 8))).isLessThan(0.1 * mean(rate, between(0, 4)));
    assertThat(mean(rate, between(9, 20))).isGreaterThan(0.8 * mean(rate, between(0, 4)));
    assertThat(logs(sink, "users-db", "planned maintenance CHG-")).hasSize(1);
    assertThat(logs(sink, "users-db", "planned maintenance finished")).hasSize(1);
    assertThat(logs(sink, "users-api", "failing over to its replica")).hasSize(1);
    assertThat(sink.logs).noneMatch(l -> l.getLevel() == LogLevel.ERROR);
    GroundTruth truth = sink.truths.get(0);
    assertThat(truth.planned()).isTrue();
    assertThat(truth.kind()).isEqualTo("maintenance");
    assertThat(truth.affectedServices()).containsExactly("users-db", "users-api");
    assertThat(GroundTruth.fromJson(truth.toJson()).planned()).isTrue();
    assertThat(changed(sink, play(CALM))).containsExactlyInAnyOrder("users-db", "users-api");
  }

  @Test
  void everyKindHasADefaultRootInTheGeneratedTopology() {
    Topology topology = TopologyGenerator.layered(30, 42);
    for (FaultKind kind : FaultKinds.all()) {
      String root = kind.defaultRoot(topology);
      assertThat(topology.contains(root)).as(kind.id()).isTrue();
      assertThat(kind.reach(topology, root)).as(kind.id()).containsEntry(root, 0);
    }
    assertThat(topology.service(FaultKinds.MEMORY_LEAK.defaultRoot(topology)).tier())
        .isEqualTo(Tier.API);
    assertThat(topology.service(FaultKinds.MAINTENANCE.defaultRoot(topology)).tier())
        .isEqualTo(Tier.DATABASE);
    assertThat(FaultKinds.ids())
        .containsExactly(
            "slowdown",
            "error-burst",
            "memory-leak",
            "bad-deploy",
            "partition",
            "flapping-check",
            "maintenance");
  }
}
