/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.quell.schemas.avro.ActionOutcome;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The Prometheus metrics of one remediation service, in its own registry (so that several services
 * in one JVM, as in tests, do not collide). Components get an instance and count what they do;
 * {@link #noop()} gives them one that nobody scrapes.
 */
public final class RemediationMetrics {

  private final PrometheusRegistry registry;
  private final Counter actionsEmitted;
  private final Counter actionResults;
  private final Counter webhookRequests;
  private final Counter indexWrites;
  private final Counter indexConflicts;
  private final Counter indexErrors;
  private final Counter indexRejected;
  private final Counter deadLetters;
  private final Counter runbookSteps;
  private final Map<String, LongSupplier> lagSources = new ConcurrentHashMap<>();

  public RemediationMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    actionsEmitted =
        Counter.builder()
            .name("quell_remediate_actions_emitted_total")
            .help("Remediation actions the runbook engine emitted to quell.actions, by rule.")
            .labelNames("rule")
            .register(registry);
    actionResults =
        Counter.builder()
            .name("quell_remediate_action_results_total")
            .help(
                "Actions the dispatcher finished, by outcome (succeeded = sent, failed, refused,"
                    + " dry_run, expired).")
            .labelNames("outcome")
            .register(registry);
    webhookRequests =
        Counter.builder()
            .name("quell_remediate_webhook_requests_total")
            .help(
                "HTTP requests the dispatcher sent, by result class (2xx, 3xx, 4xx, 5xx, error"
                    + " for no response).")
            .labelNames("result")
            .register(registry);
    indexWrites =
        Counter.builder()
            .name("quell_remediate_index_writes_total")
            .help("Incident versions Elasticsearch accepted.")
            .register(registry);
    indexConflicts =
        Counter.builder()
            .name("quell_remediate_index_conflicts_total")
            .help(
                "Incident versions Elasticsearch ignored because it had the same or a newer"
                    + " version (expected on replays).")
            .register(registry);
    indexErrors =
        Counter.builder()
            .name("quell_remediate_index_errors_total")
            .help(
                "Incident writes that failed transiently (Elasticsearch unreachable or"
                    + " overloaded) and will be retried.")
            .register(registry);
    indexRejected =
        Counter.builder()
            .name("quell_remediate_index_rejected_total")
            .help("Incident versions Elasticsearch refused for good; they went to quell.dlq.")
            .register(registry);
    deadLetters =
        Counter.builder()
            .name("quell_remediate_dead_letters_total")
            .help("Records remediate sent to quell.dlq, by stage.")
            .labelNames("stage")
            .register(registry);
    runbookSteps =
        Counter.builder()
            .name("quell_remediate_runbook_steps_total")
            .help(
                "What the runbook engine decided for runbook steps, by decision (emitted,"
                    + " resolve_emitted, cooldown, budget, breaker, pending_approval, approved,"
                    + " rejected, approval_expired, effective, ineffective, delivery_failed,"
                    + " breaker_closed).")
            .labelNames("decision")
            .register(registry);
    GaugeWithCallback.builder()
        .name("quell_remediate_consumer_lag")
        .help(
            "Records not yet consumed on the assigned partitions, as the consumer last saw it, by"
                + " consumer (dispatcher, indexer).")
        .labelNames("consumer")
        .callback(
            callback ->
                lagSources.forEach((consumer, lag) -> callback.call(lag.getAsLong(), consumer)))
        .register(registry);
  }

  /** Metrics that are counted but registered nowhere visible. */
  public static RemediationMetrics noop() {
    return new RemediationMetrics(new PrometheusRegistry());
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void actionEmitted(String rule) {
    actionsEmitted.labelValues(rule).inc();
  }

  public void actionResult(ActionOutcome outcome) {
    actionResults.labelValues(outcome.name().toLowerCase(Locale.ROOT)).inc();
  }

  /** One request answered with {@code status}, or -1 when no response came. */
  public void webhookRequest(int status) {
    webhookRequests.labelValues(status < 0 ? "error" : (status / 100) + "xx").inc();
  }

  public void indexWrites(int count) {
    indexWrites.inc(count);
  }

  public void indexConflicts(int count) {
    indexConflicts.inc(count);
  }

  public void indexErrors(int count) {
    indexErrors.inc(count);
  }

  public void indexRejected(int count) {
    indexRejected.inc(count);
  }

  public void deadLetter(String stage) {
    deadLetters.labelValues(stage).inc();
  }

  /** The runbook engine decided {@code decision} for a step. */
  public void runbookStep(String decision) {
    runbookSteps.labelValues(decision).inc();
  }

  public double runbookSteps(String decision) {
    return runbookSteps.labelValues(decision).get();
  }

  /** Reports the lag of {@code consumer} through {@code lag} from now on. */
  public void registerLag(String consumer, LongSupplier lag) {
    lagSources.put(consumer, lag);
  }

  /** Counter values, for tests and the health page. */
  public double actionsEmitted(String rule) {
    return actionsEmitted.labelValues(rule).get();
  }

  public double actionResults(ActionOutcome outcome) {
    return actionResults.labelValues(outcome.name().toLowerCase(Locale.ROOT)).get();
  }

  public double indexWrites() {
    return indexWrites.get();
  }

  public double indexConflicts() {
    return indexConflicts.get();
  }

  public double indexErrors() {
    return indexErrors.get();
  }
}
