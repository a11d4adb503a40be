/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyFileTest {

  private static final String SHOP =
      """
      services:
        - name: gateway
          tier: gateway
          calls: [checkout-api]
        - name: checkout-api
          tier: API
          calls: [orders-db, session-cache]
        - name: orders-db
          tier: database
        - name: session-cache
          tier: cache
      """;

  @Test
  void shouldLoadServicesAndCallsFromYaml(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shop.yaml");
    Files.writeString(file, SHOP);

    Topology topology = TopologyFile.load(file);

    assertThat(topology.services())
        .containsExactly(
            new Service("gateway", Tier.GATEWAY),
            new Service("checkout-api", Tier.API),
            new Service("orders-db", Tier.DATABASE),
            new Service("session-cache", Tier.CACHE));
    assertThat(topology.calls())
        .containsExactly(
            new Topology.Call("gateway", "checkout-api"),
            new Topology.Call("checkout-api", "orders-db"),
            new Topology.Call("checkout-api", "session-cache"));
  }

  @Test
  void shouldRefuseAMisspeltKey() {
    assertThatThrownBy(
            () -> TopologyFile.parse("services:\n  - name: a\n    tier: api\n    cals: [b]\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cals");
  }

  @Test
  void shouldRefuseACallToAnUnknownService() {
    assertThatThrownBy(
            () -> TopologyFile.parse("services:\n  - name: a\n    tier: api\n    calls: [b]\n"))
        .hasMessageContaining("unknown service b");
  }

  @Test
  void shouldRefuseAnUnknownTier() {
    assertThatThrownBy(() -> TopologyFile.parse("services:\n  - name: a\n    tier: lambda\n"))
        .hasMessageContaining("Unknown tier 'lambda'");
  }

  @Test
  void shouldNameTheFileInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("empty.yaml");
    Files.writeString(file, "nothing: here\n");

    assertThatThrownBy(() -> TopologyFile.load(file)).hasMessageContaining(file.toString());
  }

  @Test
  void shouldPlayAScenarioOnALoadedTopology() throws Exception {
    Topology topology = TopologyFile.parse(SHOP);
    Scenario scenario =
        new Scenario(
            "shop",
            1,
            topology,
            List.of(),
            Scenario.DEFAULT_STEP.multipliedBy(3),
            Scenario.DEFAULT_STEP);

    assertThat(Scenario.defaultRoot(topology)).isEqualTo("orders-db");
    RecordingEventSink sink = new RecordingEventSink();
    new Simulator(scenario, SimulatorOptions.defaults().withSpeed(0)).run(sink, p -> {});
    assertThat(sink.metrics).hasSize(3 * 4 * EventGenerator.METRICS_PER_SERVICE);
  }
}
