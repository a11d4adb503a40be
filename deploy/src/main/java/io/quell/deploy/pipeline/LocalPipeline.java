/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.pipeline;

import io.quell.correlate.job.CorrelateJob;
import io.quell.detect.job.DetectJob;
import io.quell.ingest.http.IntakeServer;
import io.quell.remediate.RemediationService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole Quell pipeline in this JVM, against the Kafka, registry and Elasticsearch named in the
 * configuration: the HTTP intake, the detect and correlate Flink jobs in one local MiniCluster, and
 * the remediation service. What {@code quell up} and {@code quell demo} run, and what the
 * end-to-end test drives.
 */
public final class LocalPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);

  /** How often the Flink jobs checkpoint: their transactional output appears at this pace. */
  public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

  private final Map<String, Object> config;
  private final IntakeServer intake;
  private final LocalFlinkCluster flink;
  private RemediationService remediation;

  private LocalPipeline(
      Map<String, Object> config,
      IntakeServer intake,
      LocalFlinkCluster flink,
      RemediationService remediation) {
    this.config = config;
    this.intake = intake;
    this.flink = flink;
    this.remediation = remediation;
  }

  /**
   * Starts every stage and returns when the Flink jobs run.
   *
   * @param settings connection, topic and stage settings
   * @param workDir where Flink keeps checkpoints and Kafka Streams its state
   * @param progress one line per step
   */
  public static LocalPipeline start(
      Map<String, ?> settings, Path workDir, Consumer<String> progress) throws Exception {
    Map<String, Object> config = new HashMap<>(settings);
    config.putIfAbsent(
        "quell.remediate.state.dir", workDir.resolve("kafka-streams").toAbsolutePath().toString());
    IntakeServer intake = null;
    LocalFlinkCluster flink = null;
    RemediationService remediation = null;
    try {
      intake = new IntakeServer(config);
      intake.start();
      progress.accept("intake listening on " + intake.uri());
      flink = new LocalFlinkCluster(4, 1, CHECKPOINT_INTERVAL, workDir.resolve("flink"));
      flink.submit("quell-detect", env -> DetectJob.addKafkaPipeline(env, config));
      flink.submit("quell-correlate", env -> CorrelateJob.addKafkaPipeline(env, config));
      flink.awaitRunning(Duration.ofMinutes(2));
      progress.accept(
          "detect and correlate running (local Flink, checkpoints every "
              + CHECKPOINT_INTERVAL.toSeconds()
              + " s)");
      remediation = RemediationService.start(config);
      progress.accept(
          "remediation service running (metrics on port " + remediation.metricsPort() + ")");
      return new LocalPipeline(config, intake, flink, remediation);
    } catch (Exception | Error e) {
      closeQuietly(remediation);
      closeQuietly(flink);
      closeQuietly(intake);
      throw e;
    }
  }

  public URI intakeUri() {
    return intake.uri();
  }

  public RemediationService remediation() {
    return remediation;
  }

  /** Stops the remediation service and starts a new one on the same state: a restart. */
  public synchronized void restartRemediation() {
    LOG.info("restarting the remediation service");
    remediation.close();
    remediation = RemediationService.start(config);
  }

  /** Stops the remediation service (for tests that restart it later). */
  public synchronized void stopRemediation() {
    remediation.close();
  }

  /** Starts the remediation service again after {@link #stopRemediation()}. */
  public synchronized void startRemediation() {
    remediation = RemediationService.start(config);
  }

  @Override
  public void close() {
    closeQuietly(intake);
    closeQuietly(remediation);
    closeQuietly(flink);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("error while stopping {}", c, e);
    }
  }
}
