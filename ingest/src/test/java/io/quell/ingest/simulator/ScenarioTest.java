/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {

  @Test
  void shouldDescribeTheDemo() {
    Scenario demo = Scenario.demo(42);

    assertThat(demo.topology().services()).hasSize(12);
    assertThat(demo.length()).isEqualTo(Duration.ofMinutes(15));
    assertThat(demo.steps()).isEqualTo(90);
    assertThat(demo.faults())
        .singleElement()
        .satisfies(
            fault -> {
              assertThat(fault.kind()).isEqualTo(FaultKinds.SLOWDOWN);
              assertThat(fault.startOffset()).isEqualTo(Duration.ofMinutes(6));
              assertThat(fault.duration()).isEqualTo(Duration.ofMinutes(5));
              assertThat(demo.topology().service(fault.root()).tier()).isEqualTo(Tier.DATABASE);
            });
  }

  @Test
  void shouldPickTheDatabaseWithTheMostDependentsAsDefaultRoot() {
    Topology topology = Scenario.demo(42).topology();
    String root = Scenario.defaultRoot(topology);

    for (Service service : topology.services()) {
      if (service.tier() == Tier.DATABASE) {
        assertThat(topology.transitiveCallers(root).size())
            .isGreaterThanOrEqualTo(topology.transitiveCallers(service.name()).size());
      }
    }
  }

  @Test
  void shouldBuildTheDemoFromTheDemoScenarioSetting() throws Exception {
    Scenario fromConfig =
        Scenario.fromConfig(
            Map.of(
                "quell.ingest.simulator.scenario", "demo",
                "quell.ingest.simulator.services", "30"));
    Scenario demo = Scenario.demo(42);

    assertThat(fromConfig.topology()).isEqualTo(demo.topology());
    assertThat(fromConfig.faults()).isEqualTo(demo.faults());
    assertThat(fromConfig.length()).isEqualTo(demo.length());
    assertThat(fromConfig.step()).isEqualTo(demo.step());
  }

  @Test
  void shouldBuildThirtyServicesWithTheDemoFaultFromDefaultSettings() throws Exception {
    Scenario fromConfig = Scenario.fromConfig(Map.of());

    assertThat(fromConfig.topology()).isEqualTo(TopologyGenerator.layered(30, 42));
    assertThat(fromConfig.faults())
        .singleElement()
        .satisfies(
            fault -> {
              assertThat(fault.kind()).isEqualTo(FaultKinds.SLOWDOWN);
              assertThat(fault.root()).isEqualTo(Scenario.defaultRoot(fromConfig.topology()));
              assertThat(fault.startOffset()).isEqualTo(Duration.ofMinutes(6));
              assertThat(fault.duration()).isEqualTo(Duration.ofMinutes(5));
            });
    Scenario twelve = Scenario.fromConfig(Map.of("quell.ingest.simulator.services", "12"));
    assertThat(twelve.topology()).isEqualTo(Scenario.demo(42).topology());
    assertThat(twelve.faults()).isEqualTo(Scenario.demo(42).faults());
  }

  @Test
  void shouldReadFaultAndTopologySettings(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(
        file,
        "services:\n  - {name: web, tier: api, calls: [db]}\n  - {name: db, tier: database}\n");

    Scenario scenario =
        Scenario.fromConfig(
            Map.of(
                "quell.ingest.simulator.topology-file", file.toString(),
                "quell.ingest.simulator.fault.kind", "error-burst",
                "quell.ingest.simulator.fault.root", "web",
                "quell.ingest.simulator.fault.start.ms", "60000",
                "quell.ingest.simulator.length.ms", "120000"));

    assertThat(scenario.topology().services()).hasSize(2);
    assertThat(scenario.faults())
        .singleElement()
        .satisfies(
            fault -> {
              assertThat(fault.kind()).isEqualTo(FaultKinds.ERROR_BURST);
              assertThat(fault.root()).isEqualTo("web");
              assertThat(fault.startOffset()).isEqualTo(Duration.ofMinutes(1));
            });
    assertThat(Scenario.fromConfig(Map.of("quell.ingest.simulator.fault.kind", "none")).faults())
        .isEmpty();
  }

  @Test
  void shouldRefuseFaultsThatCannotHappen() {
    assertThatThrownBy(
            () -> Scenario.fromConfig(Map.of("quell.ingest.simulator.fault.root", "nobody")))
        .hasMessageContaining("unknown service 'nobody'");
    assertThatThrownBy(
            () -> Scenario.fromConfig(Map.of("quell.ingest.simulator.fault.kind", "meteor")))
        .hasMessageContaining("Unknown fault kind 'meteor'");
    assertThatThrownBy(
            () -> Scenario.fromConfig(Map.of("quell.ingest.simulator.fault.start.ms", "900000")))
        .hasMessageContaining("after the end");
  }
}
