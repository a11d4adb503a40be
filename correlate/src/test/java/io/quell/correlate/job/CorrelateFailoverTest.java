/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.CorrelateOptions;
import io.quell.correlate.core.TopologyPartitionsTest;
import io.quell.correlate.testing.DemoTopology;
import io.quell.correlate.testing.Replay;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.TopologyEdge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager dies while the job runs at parallelism 2 on two TaskManagers (topology-component
 * partitioning, so both the router's and the correlator's keyed state are spread): the job restarts
 * from its last checkpoint and the incidents are exactly those of an uninterrupted run, each
 * version once.
 */
class CorrelateFailoverTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(2)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  void shouldPublishEveryIncidentVersionExactlyOnceWhenATaskManagerFails(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
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
    env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE);
    CorrelateJobTest.CollectingSinks sinks = new CorrelateJobTest.CollectingSinks();
    // Slow enough (about 6 s) to fail in the middle.
    CorrelateJob.build(
        env,
        new CorrelateJobTest.FixedSources(
            CorrelateJobTest.outOfOrderWithin(story, BOUND, new Random(11)), edges, 6),
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

    List<Incident> published = Collections.synchronizedList(new ArrayList<>());
    JobID job = env.executeAsync("correlate-failover-test").getJobID();
    CompletableFuture<Void> reading =
        CompletableFuture.runAsync(
            () -> {
              try (CloseableIterator<Incident> incidents = sinks.incidents) {
                incidents.forEachRemaining(published::add);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(2_500);
    assertThat(reading).isNotDone();
    // One slot per TaskManager at parallelism 2: the job runs on both, so it loses tasks; a new
    // TaskManager gives it back its second slot.
    cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
    cluster.startTaskManager();
    reading.get(120, TimeUnit.SECONDS);

    int highestAttempt = 0;
    for (var vertex :
        cluster.getExecutionGraph(job).get(30, TimeUnit.SECONDS).getAllExecutionVertices()) {
      highestAttempt =
          Math.max(highestAttempt, vertex.getCurrentExecutionAttempt().getAttemptNumber());
    }
    assertThat(highestAttempt).as("tasks were restarted").isPositive();
    assertThat(new TreeMap<>(TopologyPartitionsTest.byId(published)))
        .isEqualTo(new TreeMap<>(TopologyPartitionsTest.byId(reference.published())));
  }
}
