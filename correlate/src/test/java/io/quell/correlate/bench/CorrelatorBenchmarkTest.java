/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.core.CorrelationSettings;
import io.quell.correlate.core.Correlator;
import io.quell.correlate.core.InMemoryIncidentStore;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs each benchmark method once, untimed, so that a broken benchmark fails the build. */
class CorrelatorBenchmarkTest {

  @Test
  void benchmarkMethodsPlayTheirStreamsIntoIncidents() {
    CorrelatorBenchmark benchmark = new CorrelatorBenchmark();
    benchmark.hops = 1;
    for (String store : List.of("copying", "sharing")) {
      benchmark.store = store;
      benchmark.setUp();

      int storm = benchmark.storm();
      int steady = benchmark.steady();
      assertThat(storm).as("storm, %s store", store).isPositive();
      assertThat(steady).as("steady, %s store", store).isPositive();
    }
  }

  @Test
  void stormGroupsItsAlertsIntoFarFewerIncidents() {
    CorrelatorBenchmark benchmark = new CorrelatorBenchmark();
    benchmark.hops = 1;
    benchmark.store = "sharing";
    benchmark.setUp();
    AlertStreams.Stream storm = benchmark.stormStream();

    List<Incident> versions =
        play(storm, CorrelationSettings.defaults(), new InMemoryIncidentStore());

    long opened = versions.stream().filter(v -> v.getStatus() == IncidentStatus.OPEN).count();
    long closed = versions.stream().filter(v -> v.getStatus() == IncidentStatus.CLOSED).count();
    assertThat(opened).isPositive().isEqualTo(closed);
    // Five faults and 150 scattered noise alerts: the faults' alerts share incidents.
    assertThat(opened).isLessThan(5 + 150);
  }

  @Test
  void sharingAndCopyingStoresPublishTheSameVersions() {
    CorrelatorBenchmark benchmark = new CorrelatorBenchmark();
    benchmark.hops = 2;
    benchmark.store = "sharing";
    benchmark.setUp();
    AlertStreams.Stream storm = benchmark.stormStream();

    CorrelationSettings twoHops = CorrelationSettings.defaults().withTopologyHops(2);
    List<Incident> copying = play(storm, twoHops, new InMemoryIncidentStore());
    List<Incident> sharing = play(storm, twoHops, InMemoryIncidentStore.sharing());

    assertThat(copying).isNotEmpty();
    assertThat(sharing).isEqualTo(copying);
  }

  /** Plays the stream, lets every incident close and returns every version published. */
  private static List<Incident> play(
      AlertStreams.Stream stream, CorrelationSettings settings, InMemoryIncidentStore store) {
    Correlator correlator = new Correlator(settings, store, stream.topology());
    List<Incident> versions = new ArrayList<>();
    for (Map.Entry<Long, List<Alert>> batch : stream.batches().entrySet()) {
      versions.addAll(correlator.onAlerts(batch.getKey(), batch.getValue()));
    }
    versions.addAll(correlator.advanceTo(stream.batches().lastKey() + 2 * 86_400_000L));
    return versions;
  }
}
