/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.minutes;
import static io.quell.correlate.testing.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.CorrelateOptions;
import io.quell.correlate.core.AlertTimes;
import io.quell.correlate.core.TopologyPartitionsTest;
import io.quell.correlate.testing.DemoTopology;
import io.quell.correlate.testing.Replay;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.dlq.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job on a MiniCluster at parallelism 2, fed alerts out of event-time order. */
class CorrelateJobTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  void shouldPublishTheIncidentsOfEventTimeOrderForAlertsArrivingOutOfOrder() throws Exception {
    List<Alert> story = new ArrayList<>();
    story.addAll(DemoTopology.faultAlerts("orders-db", minutes(6), Duration.ofSeconds(20)));
    // A minute apart, within the cause window: the two faults' incidents may merge.
    story.addAll(DemoTopology.faultAlerts("cache", minutes(7), Duration.ofSeconds(15)));
    Alert stray = firing("stray", "search", minutes(1));
    story.add(stray);
    story.add(resolved(stray, minutes(2)));
    Replay reference = new Replay().withTopology(DemoTopology.EDGES);
    reference.alerts(story);
    reference.advanceTo(Instant.ofEpochMilli(Long.MAX_VALUE));

    List<Alert> arrival = outOfOrderWithin(story, BOUND, new Random(5));
    assertThat(arrival).isNotEqualTo(story);

    Configuration configuration = new Configuration();
    configuration.set(PipelineOptions.GENERIC_TYPES, false);
    configuration.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(configuration);
    env.setParallelism(2);
    CollectingSinks sinks = new CollectingSinks();
    CorrelateJob.build(
        env,
        new FixedSources(arrival),
        sinks,
        CorrelateOptions.fromMap(
            Map.of(
                CorrelateOptions.OUT_OF_ORDERNESS.key(),
                BOUND.toMillis(),
                CorrelateOptions.TOPOLOGY_SETTLE.key(),
                100)));

    List<Incident> published = new ArrayList<>();
    env.executeAsync("correlate-minicluster-test");
    try (CloseableIterator<Incident> incidents = sinks.incidents) {
      incidents.forEachRemaining(published::add);
    }

    assertThat(published).isEqualTo(reference.published());
    // The gateway's alerts connect the two faults: the cache incident merges into the orders-db
    // one during its group wait. The stray alert has an incident of its own.
    assertThat(reference.latest()).hasSize(2);
    assertThat(published)
        .filteredOn(incident -> incident.getStatus() == IncidentStatus.CLOSED)
        .hasSize(2)
        .allSatisfy(incident -> assertThat(incident.getMergedInto()).isNull());
  }

  @Test
  void shouldPublishTheSameIncidentsKeyedByTopologyComponentAsWithOneKey() throws Exception {
    List<Alert> story = TopologyPartitionsTest.story();
    Replay reference = TopologyPartitionsTest.replay();
    reference.alerts(story);
    reference.advanceTo(Instant.ofEpochMilli(Long.MAX_VALUE));
    List<TopologyEdge> edges = new ArrayList<>(DemoTopology.EDGES);
    edges.add(DemoTopology.edge("billing-worker", "ledger-db", EdgeKind.DATABASE));

    Configuration configuration = new Configuration();
    configuration.set(PipelineOptions.GENERIC_TYPES, false);
    configuration.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(configuration);
    env.setParallelism(2);
    CollectingSinks sinks = new CollectingSinks();
    CorrelateJob.build(
        env,
        new FixedSources(outOfOrderWithin(story, BOUND, new Random(9)), edges),
        sinks,
        CorrelateOptions.fromMap(
            Map.of(
                CorrelateOptions.OUT_OF_ORDERNESS.key(),
                BOUND.toMillis(),
                // Long enough for the topology source's first record on a busy machine: the
                // settle period counts from the start, and routing needs the topology.
                CorrelateOptions.TOPOLOGY_SETTLE.key(),
                2_000,
                CorrelateOptions.SERVICELESS_GROUP_LABELS.key(),
                String.join(",", TopologyPartitionsTest.GROUP_LABELS),
                CorrelateOptions.PARTITIONING.key(),
                CorrelateOptions.TOPOLOGY_COMPONENT)));

    List<Incident> published = new ArrayList<>();
    env.executeAsync("correlate-partitioned-minicluster-test");
    try (CloseableIterator<Incident> incidents = sinks.incidents) {
      incidents.forEachRemaining(published::add);
    }

    // Partitions interleave in any order; each incident's versions are the same, in order.
    assertThat(new TreeMap<>(TopologyPartitionsTest.byId(published)))
        .isEqualTo(new TreeMap<>(TopologyPartitionsTest.byId(reference.published())));
    assertThat(reference.latest()).hasSizeGreaterThanOrEqualTo(4);
  }

  /** Each alert delayed by up to {@code bound} after its event time: out of order, never late. */
  static List<Alert> outOfOrderWithin(List<Alert> alerts, Duration bound, Random random) {
    record Arrival(Alert alert, long at) {}
    List<Arrival> arrivals = new ArrayList<>();
    for (Alert alert : alerts) {
      arrivals.add(
          new Arrival(alert, AlertTimes.eventTime(alert) + random.nextInt((int) bound.toMillis())));
    }
    arrivals.sort(Comparator.comparingLong(Arrival::at));
    return arrivals.stream().map(Arrival::alert).toList();
  }

  /** Alerts from a list at a limited rate, so that watermarks move while they arrive. */
  static final class FixedSources implements CorrelateSources {
    private final List<byte[]> encodedAlerts = new ArrayList<>();
    private final List<TopologyEdge> edges;
    private final double alertsPerSecond;

    FixedSources(List<Alert> alerts) {
      this(alerts, DemoTopology.EDGES);
    }

    FixedSources(List<Alert> alerts, List<TopologyEdge> edges) {
      this(alerts, edges, 40);
    }

    FixedSources(List<Alert> alerts, List<TopologyEdge> edges, double alertsPerSecond) {
      this.edges = List.copyOf(edges);
      this.alertsPerSecond = alertsPerSecond;
      for (Alert alert : alerts) {
        try {
          ByteBuffer buffer = alert.toByteBuffer();
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          encodedAlerts.add(bytes);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    public DataStream<Alert> alerts(StreamExecutionEnvironment env) {
      return env.fromSource(
              new DataGeneratorSource<>(
                  new AlertAt(encodedAlerts),
                  encodedAlerts.size(),
                  RateLimiterStrategy.perSecond(alertsPerSecond),
                  TypeInformation.of(Alert.class)),
              WatermarkStrategy.noWatermarks(),
              "test alerts")
          .setParallelism(1);
    }

    @Override
    public DataStream<TopologyUpdate> topologyUpdates(StreamExecutionEnvironment env) {
      return env.fromData(
              edges.stream().map(TopologyUpdate::upsert).toList(),
              TypeInformation.of(TopologyUpdate.class))
          .setParallelism(1);
    }
  }

  /** The n-th alert of the list (named class: generator lambdas do not survive serialization). */
  static final class AlertAt implements GeneratorFunction<Long, Alert> {
    private static final long serialVersionUID = 1L;
    private final List<byte[]> encodedAlerts;

    AlertAt(List<byte[]> encodedAlerts) {
      this.encodedAlerts = new ArrayList<>(encodedAlerts);
    }

    @Override
    public Alert map(Long index) throws Exception {
      return Alert.fromByteBuffer(ByteBuffer.wrap(encodedAlerts.get(index.intValue())));
    }
  }

  static final class CollectingSinks implements CorrelateSinks {
    CloseableIterator<Incident> incidents;

    @Override
    public void incidents(DataStream<Incident> stream) {
      incidents = stream.collectAsync();
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
      throw new AssertionError("the test sources decode nothing");
    }
  }
}
