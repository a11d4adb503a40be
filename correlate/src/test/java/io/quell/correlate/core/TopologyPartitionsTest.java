/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static io.quell.correlate.testing.TestAlerts.builder;
import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.minutes;
import static io.quell.correlate.testing.TestAlerts.resolved;
import static io.quell.correlate.testing.TestAlerts.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.testing.DemoTopology;
import io.quell.correlate.testing.Replay;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Incident;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Partitions by topology component: each correlated on its own gives the single-key incidents. */
public class TopologyPartitionsTest {

  public static final List<String> GROUP_LABELS = List.of("cluster");

  /**
   * The demo topology plus an island and its own fault, a service outside any edge, node alerts.
   */
  public static List<Alert> story() {
    List<Alert> story = new ArrayList<>();
    story.addAll(DemoTopology.faultAlerts("orders-db", minutes(6), Duration.ofSeconds(20)));
    story.addAll(DemoTopology.faultAlerts("cache", minutes(8), Duration.ofSeconds(15)));
    story.add(firing("ledger", "ledger-db", minutes(7)));
    story.add(firing("billing", "billing-worker", minutes(7).plusSeconds(12)));
    Alert stray = firing("stray", "search", minutes(1));
    story.add(stray);
    story.add(resolved(stray, minutes(2)));
    for (String node : List.of("n1", "n2")) {
      story.add(
          builder(node, "NodeDown", null, seconds(400))
              .setLabels(Map.of("cluster", "eu-1", "node", node))
              .build());
    }
    return story;
  }

  public static Replay replay() {
    Replay replay =
        new Replay(CorrelationSettings.defaults().withServicelessGroupLabels(GROUP_LABELS))
            .withTopology(DemoTopology.EDGES);
    replay.topology.put("billing-worker", "ledger-db", EdgeKind.DATABASE);
    return replay;
  }

  @Test
  void shouldNameAComponentByItsSmallestServiceWhicheverServiceItStartsFrom() {
    InMemoryTopology topology = replay().topology;

    assertThat(
            TopologyPartitions.of(firing("x", "payments-db", minutes(0)), topology, GROUP_LABELS))
        .isEqualTo("component:cache");
    assertThat(TopologyPartitions.of(firing("x", "gateway", minutes(0)), topology, GROUP_LABELS))
        .isEqualTo("component:cache");
    assertThat(TopologyPartitions.of(firing("x", "ledger-db", minutes(0)), topology, GROUP_LABELS))
        .isEqualTo("component:billing-worker");
    assertThat(TopologyPartitions.of(firing("x", "search", minutes(0)), topology, GROUP_LABELS))
        .isEqualTo("component:search");
    assertThat(
            TopologyPartitions.of(
                builder("n", "NodeDown", null, minutes(0))
                    .setLabels(Map.of("cluster", "eu-1"))
                    .build(),
                topology,
                GROUP_LABELS))
        .isEqualTo("serviceless:NodeDown,cluster=eu-1");
  }

  @Test
  void shouldPublishTheSameIncidentsPartitionByPartitionAsWithOneKey() {
    List<Alert> story = story();
    Replay single = replay();
    single.alerts(story);
    single.advanceTo(Instant.ofEpochMilli(Long.MAX_VALUE));

    Map<String, List<Alert>> byPartition = new TreeMap<>();
    InMemoryTopology topology = single.topology;
    for (Alert alert : story) {
      byPartition
          .computeIfAbsent(
              TopologyPartitions.of(alert, topology, GROUP_LABELS), k -> new ArrayList<>())
          .add(alert);
    }
    assertThat(byPartition).hasSizeGreaterThanOrEqualTo(4);
    Map<String, List<Incident>> partitioned = new TreeMap<>();
    for (List<Alert> alerts : byPartition.values()) {
      Replay part = replay();
      part.alerts(alerts);
      part.advanceTo(Instant.ofEpochMilli(Long.MAX_VALUE));
      byId(part.published()).forEach(partitioned::put);
    }

    assertThat(partitioned).isEqualTo(new TreeMap<>(byId(single.published())));
    assertThat(single.latest()).hasSizeGreaterThanOrEqualTo(4);
  }

  public static Map<String, List<Incident>> byId(List<Incident> versions) {
    Map<String, List<Incident>> byId = new LinkedHashMap<>();
    for (Incident version : versions) {
      byId.computeIfAbsent(version.getId(), k -> new ArrayList<>()).add(version);
    }
    return byId;
  }
}
