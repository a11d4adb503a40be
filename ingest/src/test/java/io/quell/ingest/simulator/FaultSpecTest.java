/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultSpecTest {

  private static final Topology SHOP = FaultKindsTest.SHOP;
  private static final Duration SIX = Duration.ofMinutes(6);
  private static final Duration FIVE = Duration.ofMinutes(5);

  @Test
  void shouldReadKindTargetStartAndDuration() {
    Fault fault = FaultSpec.parse("slowdown:users-db:90s:1h30m", "f", SHOP, SIX, FIVE);

    assertThat(fault)
        .isEqualTo(
            new Fault(
                "f",
                FaultKinds.SLOWDOWN,
                "users-db",
                Duration.ofSeconds(90),
                Duration.ofMinutes(90),
                Propagation.DEFAULT));
  }

  @Test
  void shouldFillInTheKindsDefaultRootAndTheDefaultTimes() {
    Fault fault = FaultSpec.parse("maintenance", "f", SHOP, SIX, FIVE);

    assertThat(fault.root()).isEqualTo(FaultKinds.MAINTENANCE.defaultRoot(SHOP));
    assertThat(fault.startOffset()).isEqualTo(SIX);
    assertThat(fault.duration()).isEqualTo(FIVE);
    assertThat(FaultSpec.parse("memory-leak::PT2M:", "f", SHOP, SIX, FIVE).startOffset())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void shouldReadAPartitionBetweenTwoTiers() {
    Fault fault = FaultSpec.parse("partition:worker/queue:1m:2m", "f", SHOP, SIX, FIVE);

    assertThat(fault.kind()).isEqualTo(FaultKinds.partition(Tier.WORKER, Tier.QUEUE));
    assertThat(fault.root()).isEqualTo("event-queue");
    assertThatThrownBy(() -> FaultSpec.parse("partition:orders-db", "f", SHOP, SIX, FIVE))
        .hasMessageContaining("Fault 'partition:orders-db'")
        .hasMessageContaining("api/database");
  }

  @Test
  void shouldNumberSeveralFaultsInOrder() {
    List<Fault> faults =
        FaultSpec.parseAll("slowdown::1m:2m, bad-deploy::3m:1m;flapping-check", SHOP, SIX, FIVE);

    assertThat(faults).extracting(Fault::id).containsExactly("fault-1", "fault-2", "fault-3");
    assertThat(faults)
        .extracting(f -> f.kind().id())
        .containsExactly("slowdown", "bad-deploy", "flapping-check");
  }

  @Test
  void shouldNameTheBadFaultAndWhatIsWrong() {
    assertThatThrownBy(() -> FaultSpec.parse("meteor:x:1m:1m", "f", SHOP, SIX, FIVE))
        .hasMessageContaining("Fault 'meteor:x:1m:1m'")
        .hasMessageContaining("Unknown fault kind 'meteor'");
    assertThatThrownBy(() -> FaultSpec.parse("slowdown:users-db:soon:1m", "f", SHOP, SIX, FIVE))
        .hasMessageContaining("the start 'soon' is not a duration");
    assertThatThrownBy(() -> FaultSpec.parse("slowdown:a:1m:1m:extra", "f", SHOP, SIX, FIVE))
        .hasMessageContaining("kind:target:start:duration");
  }

  @Test
  void shouldReplaceTheScenariosFaultsWithTheFaultsSetting() throws Exception {
    Scenario scenario =
        Scenario.fromConfig(
            Map.of(
                "quell.ingest.simulator.scenario", "demo",
                "quell.ingest.simulator.faults", "memory-leak::2m:8m,partition::4m:3m"));

    assertThat(scenario.topology()).isEqualTo(Scenario.demo(42).topology());
    assertThat(scenario.faults())
        .extracting(f -> f.kind().id())
        .containsExactly("memory-leak", "partition");
  }

  @Test
  void shouldBuildTheStormAndTheCalmScenariosFromSettings() throws Exception {
    Scenario storm = Scenario.fromConfig(Map.of("quell.ingest.simulator.scenario", "storm"));
    Scenario calm = Scenario.fromConfig(Map.of("quell.ingest.simulator.scenario", "calm"));

    assertThat(storm.topology().services()).hasSize(30);
    assertThat(storm.length()).isEqualTo(Scenario.STORM_LENGTH);
    assertThat(storm.faults()).hasSize(6);
    assertThat(calm.faults()).isEmpty();
    assertThatThrownBy(
            () -> Scenario.fromConfig(Map.of("quell.ingest.simulator.scenario", "chaos")))
        .hasMessageContaining("quell.ingest.simulator.scenario")
        .hasMessageContaining("storm");
  }
}
