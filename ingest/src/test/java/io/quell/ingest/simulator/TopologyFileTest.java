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

  @Test
  void shouldNameTheLineAndFieldOfAnUnknownTier() {
    assertThatThrownBy(
            () ->
                TopologyFile.parse(
                    "services:\n  - name: a\n    tier: api\n  - name: b\n    tier: lambda\n"))
        .hasMessageStartingWith("line 5, field 'tier': Unknown tier 'lambda'");
  }

  @Test
  void shouldNameTheLineOfAMisspeltFieldAndListTheKnownOnes() {
    assertThatThrownBy(
            () -> TopologyFile.parse("services:\n  - name: a\n    tier: api\n    cals: [b]\n"))
        .hasMessage("line 4: unknown field 'cals'; fields are [name, tier, calls]");
  }

  @Test
  void shouldNameTheLineOfACallToAnUnknownService() {
    assertThatThrownBy(
            () ->
                TopologyFile.parse(
                    "services:\n  - name: a\n    tier: api\n    calls:\n      - a-db\n"
                        + "      - b-db\n  - {name: a-db, tier: database}\n"))
        .hasMessageStartingWith("line 6, field 'calls': service 'a' calls unknown service b-db");
  }

  @Test
  void shouldRefuseADuplicateServiceNamingBothLines() {
    assertThatThrownBy(
            () ->
                TopologyFile.parse(
                    "services:\n  - {name: a, tier: api}\n  - {name: a, tier: worker}\n"))
        .hasMessage("line 3, field 'name': service 'a' appears twice (first on line 2)");
  }

  @Test
  void shouldRefuseAServiceWithoutATierOrAMissingList() {
    assertThatThrownBy(() -> TopologyFile.parse("services:\n  - name: a\n"))
        .hasMessageStartingWith("line 2: every service needs a name and a tier")
        .hasMessageContaining("'tier' is missing");
    assertThatThrownBy(() -> TopologyFile.parse("services: gateway\n"))
        .hasMessage("line 1: field 'services' must be a list of services");
    assertThatThrownBy(() -> TopologyFile.parse("services:\n  - {name: a, tier: api, calls: b}\n"))
        .hasMessageContaining("line 2, field 'calls'")
        .hasMessageContaining("must be a list of service names");
    assertThatThrownBy(() -> TopologyFile.parse("")).hasMessageContaining("the file is empty");
  }

  @Test
  void shouldReportBrokenYamlWithItsLine() {
    assertThatThrownBy(() -> TopologyFile.parse("services:\n  - {name: a, tier: api\n"))
        .hasMessageContaining("not valid YAML")
        .hasMessageStartingWith("line ");
  }

  @Test
  void shouldRefuseACallToItselfAndTheSameCallTwice() {
    assertThatThrownBy(
            () -> TopologyFile.parse("services:\n  - {name: a, tier: api, calls: [a]}\n"))
        .hasMessage("line 2, field 'calls': service 'a' calls itself");
    assertThatThrownBy(
            () ->
                TopologyFile.parse(
                    "services:\n  - {name: a, tier: api, calls: [b, b]}\n"
                        + "  - {name: b, tier: cache}\n"))
        .hasMessage("line 2, field 'calls': service 'a' calls b twice");
  }
}
