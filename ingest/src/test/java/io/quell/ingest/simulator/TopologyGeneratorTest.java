/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.TopologyEdge;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopologyGeneratorTest {

  @Test
  void shouldGenerateTheDemoShapeOfTwelveServices() {
    Topology topology = TopologyGenerator.layered(12, 42);

    Map<Tier, Long> tiers =
        topology.services().stream()
            .collect(Collectors.groupingBy(Service::tier, Collectors.counting()));
    assertThat(tiers)
        .containsEntry(Tier.GATEWAY, 1L)
        .containsEntry(Tier.API, 4L)
        .containsEntry(Tier.WORKER, 3L)
        .containsEntry(Tier.DATABASE, 2L)
        .containsEntry(Tier.CACHE, 1L)
        .containsEntry(Tier.QUEUE, 1L);
  }

  @Test
  void shouldGenerateTheSameTopologyForTheSameSeed() {
    assertThat(TopologyGenerator.layered(12, 7)).isEqualTo(TopologyGenerator.layered(12, 7));
  }

  @Test
  void shouldGenerateDifferentTopologiesForDifferentSeeds() {
    Set<Topology> topologies = new HashSet<>();
    for (long seed = 0; seed < 10; seed++) {
      topologies.add(TopologyGenerator.layered(12, seed));
    }
    assertThat(topologies).hasSizeGreaterThan(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {6, 7, 12, 20, 40})
  void shouldGiveEveryDependencyACallerAndKeepTheGraphAcyclic(int size) {
    for (long seed = 0; seed < 20; seed++) {
      Topology topology = TopologyGenerator.layered(size, seed);

      assertThat(topology.services()).hasSize(size);
      for (Service service : topology.services()) {
        Tier tier = service.tier();
        if (tier == Tier.DATABASE || tier == Tier.CACHE || tier == Tier.QUEUE || tier == Tier.API) {
          assertThat(topology.callersOf(service.name()))
              .as("callers of %s (seed %d)", service.name(), seed)
              .isNotEmpty();
        }
        assertThat(topology.transitiveCallers(service.name()))
            .as("a service never depends on itself")
            .doesNotContainKey(service.name());
      }
    }
  }

  @Test
  void shouldLabelEdgesByTheCalleesTier() {
    Topology topology = TopologyGenerator.layered(12, 42);
    Map<String, Tier> tiers =
        topology.services().stream().collect(Collectors.toMap(Service::name, Service::tier));

    List<TopologyEdge> edges = topology.edges();

    assertThat(edges).hasSameSizeAs(topology.calls());
    for (TopologyEdge edge : edges) {
      EdgeKind expected = tiers.get(edge.getCallee()).calledAs();
      assertThat(edge.getKind())
          .as("%s->%s", edge.getCaller(), edge.getCallee())
          .isEqualTo(expected);
    }
  }

  @Test
  void shouldFindTransitiveCallersWithTheirShortestDistance() {
    Topology topology =
        new Topology(
            List.of(
                new Service("gw", Tier.GATEWAY),
                new Service("a", Tier.API),
                new Service("b", Tier.API),
                new Service("db", Tier.DATABASE),
                new Service("w", Tier.WORKER)),
            List.of(
                new Topology.Call("gw", "a"),
                new Topology.Call("gw", "b"),
                new Topology.Call("a", "b"),
                new Topology.Call("b", "db"),
                new Topology.Call("w", "a")));

    assertThat(topology.transitiveCallers("db")).isEqualTo(Map.of("b", 1, "gw", 2, "a", 2, "w", 3));
    assertThat(topology.transitiveCallers("gw")).isEmpty();
  }

  @Test
  void shouldRefuseInconsistentTopologies() {
    Service a = new Service("a", Tier.API);
    Function<List<Topology.Call>, Topology> withCalls =
        calls -> new Topology(List.of(a, new Service("b", Tier.DATABASE)), calls);

    assertThatThrownBy(() -> withCalls.apply(List.of(new Topology.Call("a", "c"))))
        .hasMessageContaining("unknown service c");
    assertThatThrownBy(() -> withCalls.apply(List.of(new Topology.Call("a", "a"))))
        .hasMessageContaining("calls itself");
    assertThatThrownBy(
            () ->
                withCalls.apply(List.of(new Topology.Call("a", "b"), new Topology.Call("a", "b"))))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> new Topology(List.of(a, a), List.of()))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> TopologyGenerator.layered(5, 1)).hasMessageContaining("at least 6");
    assertThatThrownBy(() -> new Service("bad name", Tier.API))
        .hasMessageContaining("letters, digits");
  }

  @Test
  void shouldNameServicesUniquelyInLargeTopologies() {
    Topology topology = TopologyGenerator.layered(80, 3);
    Map<String, Integer> counts = new HashMap<>();
    topology.services().forEach(s -> counts.merge(s.name(), 1, Integer::sum));

    assertThat(counts.values()).allMatch(count -> count == 1);
  }
}
