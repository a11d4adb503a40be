/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static io.quell.ingest.simulator.FaultKindsTest.fault;
import static io.quell.ingest.simulator.FaultKindsTest.logs;
import static io.quell.ingest.simulator.FaultKindsTest.mean;
import static io.quell.ingest.simulator.FaultKindsTest.series;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Several faults at overlapping times: each keeps its signature and its own ground truth. */
class OverlappingFaultsTest {

  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void stormPlaysSixOverlappingFaultsOfDifferentKindsWithAGroundTruthEach() throws Exception {
    Topology topology = TopologyGenerator.layered(30, 42);
    Scenario storm = Scenario.storm(42, topology, Scenario.STORM_LENGTH, Scenario.DEFAULT_STEP);
    List<ProgressListener.Progress> progress = new ArrayList<>();
    RecordingEventSink sink = new RecordingEventSink();
    new Simulator(storm, SimulatorOptions.defaults().withSpeed(0).withStart(NOON))
        .run(sink, progress::add);

    assertThat(sink.truths)
        .extracting(GroundTruth::kind)
        .containsExactly(
            "memory-leak", "flapping-check", "slowdown", "bad-deploy", "partition", "maintenance");
    assertThat(sink.truths).extracting(GroundTruth::id).doesNotHaveDuplicates();
    assertThat(sink.truths).isEqualTo(storm.groundTruth(NOON));
    assertThat(sink.truths)
        .filteredOn(GroundTruth::planned)
        .extracting(GroundTruth::kind)
        .containsExactly("maintenance");
    // The leak overlaps with each of the next four faults.
    GroundTruth leak = sink.truths.get(0);
    for (GroundTruth other : sink.truths.subList(1, 5)) {
      assertThat(other.start()).isBefore(leak.end());
      assertThat(other.end()).isAfter(leak.start());
    }
    int maxActive = progress.stream().mapToInt(p -> p.activeFaults().size()).max().orElseThrow();
    assertThat(maxActive).isGreaterThanOrEqualTo(3);
    Map<String, GroundTruth> byKind = new java.util.HashMap<>();
    sink.truths.forEach(t -> byKind.put(t.kind(), t));
    assertThat(logs(sink, byKind.get("memory-leak").rootService(), "OutOfMemoryError"))
        .hasSizeGreaterThanOrEqualTo(4);
    assertThat(logs(sink, byKind.get("bad-deploy").rootService(), "deploying version")).hasSize(1);
    assertThat(logs(sink, byKind.get("maintenance").rootService(), "planned maintenance CHG-"))
        .hasSize(1);
    assertThat(byKind.get("memory-leak").rootService())
        .isNotEqualTo(byKind.get("bad-deploy").rootService());
    assertThat(byKind.get("slowdown").rootService())
        .isNotEqualTo(byKind.get("maintenance").rootService());
  }

  @Test
  void overlappingFaultsAtOneServiceAddUpAndEachGetsItsOwnGroundTruth() throws Exception {
    Fault slow = fault("slow", FaultKinds.SLOWDOWN, "orders-db", 3, 9);
    Fault leak = fault("leak", FaultKinds.MEMORY_LEAK, "shop-api", 5, 13);
    RecordingEventSink both = FaultKindsTest.play(slow, leak);
    RecordingEventSink slowOnly = FaultKindsTest.play(slow);

    assertThat(both.truths).extracting(GroundTruth::id).containsExactly("slow", "leak");
    assertThat(both.truths.get(0).affectedServices())
        .containsExactlyInAnyOrder("orders-db", "shop-api", "billing-worker", "gateway");
    assertThat(both.truths.get(1).affectedServices()).containsExactly("shop-api", "gateway");
    // shop-api is hit by both: the timeouts from orders-db and its own leak's GC pauses.
    assertThat(logs(both, "shop-api", "call to orders-db timed out")).isNotEmpty();
    assertThat(logs(both, "shop-api", "GC pause (G1 Full GC)")).isNotEmpty();
    Instant from = NOON.plus(Duration.ofMinutes(7));
    Instant to = NOON.plus(Duration.ofMinutes(9));
    double slowLatency =
        mean(
            series(slowOnly, "shop-api", EventGenerator.LATENCY_P99),
            t -> !t.isBefore(from) && t.isBefore(to));
    double bothLatency =
        mean(
            series(both, "shop-api", EventGenerator.LATENCY_P99),
            t -> !t.isBefore(from) && t.isBefore(to));
    assertThat(bothLatency).isGreaterThan(slowLatency);
    // Services neither fault reaches are untouched.
    Set<String> reached = new HashSet<>(both.truths.get(0).affectedServices());
    reached.addAll(both.truths.get(1).affectedServices());
    RecordingEventSink calm = FaultKindsTest.play();
    assertThat(FaultKindsTest.changed(both, calm)).isEqualTo(reached);
  }
}
