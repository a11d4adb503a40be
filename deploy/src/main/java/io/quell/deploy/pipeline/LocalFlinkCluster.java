/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Flink MiniCluster in this JVM running several Quell jobs (detect and correlate), as the
 * command line runs them locally. On a real Flink cluster the same jobs are submitted as job jars.
 *
 * <p>Both jobs share the cluster's slots; each job is built by its own {@code addKafkaPipeline}
 * into a fresh environment, turned into a job graph and submitted.
 */
public final class LocalFlinkCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);

  private final MiniCluster cluster;
  private final Duration checkpointInterval;
  private final Path checkpointDir;
  private final int parallelism;
  private final List<JobID> jobs = new ArrayList<>();

  /**
   * @param slots task slots (one per job and parallel instance)
   * @param parallelism default parallelism of each job
   * @param checkpointInterval how often jobs checkpoint; exactly-once sinks make output visible at
   *     each checkpoint, so this is also the pipeline's added latency
   * @param checkpointDir where checkpoints are kept
   */
  public LocalFlinkCluster(
      int slots, int parallelism, Duration checkpointInterval, Path checkpointDir)
      throws Exception {
    this.checkpointInterval = checkpointInterval;
    this.checkpointDir = checkpointDir;
    this.parallelism = parallelism;
    Configuration conf = new Configuration();
    // Small, fixed memory: the local pipeline shares two cores and the JVM with the stack.
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("32m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("32m"));
    conf.set(RestOptions.BIND_PORT, "0");
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
  }

  /**
   * Builds a job with {@code pipeline} (which adds sources, operators and sinks to the environment
   * it is given) and submits it.
   */
  public JobID submit(String name, Consumer<StreamExecutionEnvironment> pipeline) throws Exception {
    Configuration conf = new Configuration();
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.resolve(name).toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
    pipeline.accept(env);
    var graph = env.getStreamGraph();
    graph.setJobName(name);
    JobID id = cluster.submitJob(graph.getJobGraph()).get(60, TimeUnit.SECONDS).getJobID();
    jobs.add(id);
    LOG.info("submitted Flink job {} ({})", name, id);
    return id;
  }

  /** Status of a submitted job. */
  public JobStatus status(JobID id) throws Exception {
    return cluster.getJobStatus(id).get(10, TimeUnit.SECONDS);
  }

  /**
   * Size of the job's latest completed checkpoint in bytes (the state of every operator, as Flink
   * reports it), or -1 when none completed yet.
   */
  public long latestCheckpointBytes(JobID id) throws Exception {
    var stats =
        cluster.getExecutionGraph(id).get(10, TimeUnit.SECONDS).getCheckpointStatsSnapshot();
    var latest = stats == null ? null : stats.getHistory().getLatestCompletedCheckpoint();
    return latest == null ? -1 : latest.getStateSize();
  }

  /** Waits until every submitted job is RUNNING (its tasks deployed), or fails. */
  public void awaitRunning(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (JobID id : jobs) {
      while (true) {
        JobStatus status = status(id);
        if (status == JobStatus.RUNNING) {
          break;
        }
        if (status.isGloballyTerminalState() || System.nanoTime() > deadline) {
          throw new IllegalStateException("Flink job " + id + " is " + status + ", not RUNNING");
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (JobID id : jobs) {
      try {
        cluster.cancelJob(id).get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.debug("cancelling {}", id, e);
      }
    }
    cluster.closeAsync().get(60, TimeUnit.SECONDS);
  }
}
