/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.quell.remediate.StatusServer.ComponentHealth;
import io.quell.remediate.dispatch.ActionDispatcher;
import io.quell.remediate.dispatch.ActionExecutor;
import io.quell.remediate.dispatch.WebhookSender;
import io.quell.remediate.index.ActionIndexer;
import io.quell.remediate.index.IncidentIndexer;
import io.quell.remediate.streams.RunbookTopology;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remediation service: the runbook engine (Kafka Streams), the action dispatcher and the
 * incident indexer, started from one configuration map (see {@link RemediateOptions}), with
 * Prometheus metrics on {@code /metrics} and a health check on {@code /healthz}.
 *
 * <pre>{@code
 * try (RemediationService service = RemediationService.start(config)) {
 *   ... // runs until closed
 * }
 * }</pre>
 */
public final class RemediationService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RemediationService.class);
  private static final Set<KafkaStreams.State> HEALTHY_STREAMS =
      EnumSet.of(
          KafkaStreams.State.CREATED, KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING);

  private final RemediationMetrics metrics;
  private final List<AutoCloseable> started = new ArrayList<>();
  private KafkaStreams streams;
  private ActionDispatcher dispatcher;
  private IncidentIndexer indexer;
  private ActionIndexer actionIndexer;
  private StatusServer status;
  private volatile boolean closed;

  private RemediationService(RemediationMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Validates {@code config}, starts every enabled component and returns at once; the components
   * connect in the background.
   *
   * @throws IllegalArgumentException when a setting is missing or malformed
   * @throws UncheckedIOException when the metrics port cannot be bound
   */
  public static RemediationService start(Map<String, ?> config) {
    // Fail on bad settings before anything starts.
    Topics.fromConfig(config);
    SchemaRegistryOptions.fromMap(config);
    RemediateOptions.kafkaConnection(config);
    RunbookTopology.Settings runbook = RunbookTopology.Settings.fromConfig(config);
    RemediateOptions.allowedHosts(config);

    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    RemediationService service = new RemediationService(new RemediationMetrics(registry));
    try {
      service.startComponents(config, runbook);
      return service;
    } catch (RuntimeException | Error e) {
      service.close();
      throw e;
    }
  }

  private void startComponents(Map<String, ?> config, RunbookTopology.Settings runbook) {
    if (RemediateOptions.INDEXER_ENABLED.read(config)) {
      indexer = new IncidentIndexer(config, metrics);
      started.add(indexer);
      indexer.start();
    }
    if (RemediateOptions.INDEXER_ENABLED.read(config)
        && RemediateOptions.ACTION_INDEXER_ENABLED.read(config)) {
      actionIndexer = new ActionIndexer(config, metrics);
      started.add(actionIndexer);
      actionIndexer.start();
    }
    if (RemediateOptions.DISPATCHER_ENABLED.read(config)) {
      ActionExecutor executor =
          ActionExecutor.fromConfig(
              config,
              WebhookSender.httpClient(RemediateOptions.DISPATCH_CONNECT_TIMEOUT.read(config)),
              Clock.systemUTC(),
              metrics);
      dispatcher = new ActionDispatcher(config, executor, metrics);
      started.add(dispatcher);
      dispatcher.start();
    }
    if (RemediateOptions.RUNBOOK_ENABLED.read(config)) {
      if (runbook.rules().isEmpty()) {
        LOG.warn(
            "No runbook rule is configured (set {}): the runbook engine does not run",
            RemediateOptions.WEBHOOK_URL.key());
      } else {
        streams =
            new KafkaStreams(
                RunbookTopology.build(config, metrics),
                RunbookTopology.streamsConfig(config, metrics));
        streams.setUncaughtExceptionHandler(
            error -> {
              LOG.error("Runbook engine thread failed; replacing it", error);
              return StreamThreadExceptionResponse.REPLACE_THREAD;
            });
        streams.setStateListener(
            (next, previous) -> LOG.info("Runbook engine: {} -> {}", previous, next));
        started.add(() -> streams.close(Duration.ofSeconds(30)));
        streams.start();
      }
    }
    try {
      status =
          new StatusServer(
              RemediateOptions.METRICS_HOST.read(config),
              RemediateOptions.METRICS_PORT.read(config),
              metrics.registry(),
              this::health);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot serve metrics on port " + RemediateOptions.METRICS_PORT.read(config), e);
    }
    started.add(status);
    LOG.info(
        "Remediation service started: runbook {}, dispatcher {}, indexer {}, action indexer {},"
            + " metrics on port {}",
        streams != null ? "on" : "off",
        dispatcher != null ? "on" : "off",
        indexer != null ? "on (" + indexer.indexName() + ")" : "off",
        actionIndexer != null ? "on (" + actionIndexer.indexName() + ")" : "off",
        status.port());
  }

  /** The port of /metrics and /healthz (the one picked when the setting was 0). */
  public int metricsPort() {
    return status.port();
  }

  public RemediationMetrics metrics() {
    return metrics;
  }

  /** Whether every enabled component is healthy (what /healthz answers 200 for). */
  public boolean healthy() {
    return health().values().stream().allMatch(ComponentHealth::healthy);
  }

  private Map<String, ComponentHealth> health() {
    Map<String, ComponentHealth> health = new LinkedHashMap<>();
    if (streams != null) {
      KafkaStreams.State state = streams.state();
      health.put("runbook", new ComponentHealth(HEALTHY_STREAMS.contains(state), state.name()));
    }
    for (ConsumerWorker worker : new ConsumerWorker[] {dispatcher, indexer, actionIndexer}) {
      if (worker != null) {
        String state =
            worker.detail().isEmpty()
                ? worker.state().name()
                : worker.state().name() + ": " + worker.detail();
        health.put(worker.name(), new ComponentHealth(worker.healthy(), state));
      }
    }
    return health;
  }

  /** Stops every component: Streams commits, the workers finish the record in hand. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("Error while stopping the remediation service", e);
      }
    }
    LOG.info("Remediation service stopped");
  }
}
