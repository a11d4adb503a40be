/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.streams;

import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.runbook.RunbookRule;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.RemediationAction;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires each rule at most once per incident. The store {@link RunbookTopology#NOTIFIED_STORE} holds
 * {@code <rule>/<incident id>} for every rule that fired, with the wall-clock time this processor
 * last saw a version of the incident.
 *
 * <p>When state is cleared: an entry is deleted when the incident reaches its last version (CLOSED
 * or merged into another), and by the purge punctuation once it was not refreshed for the TTL.
 */
final class RunbookProcessor implements Processor<String, Incident, String, RemediationAction> {

  private static final Logger LOG = LoggerFactory.getLogger(RunbookProcessor.class);

  private final List<RunbookRule> rules;
  private final Duration ttl;
  private final Duration purgeInterval;
  private final RemediationMetrics metrics;
  private ProcessorContext<String, RemediationAction> context;
  private KeyValueStore<String, Long> notified;

  RunbookProcessor(
      List<RunbookRule> rules, Duration ttl, Duration purgeInterval, RemediationMetrics metrics) {
    this.rules = rules;
    this.ttl = ttl;
    this.purgeInterval = purgeInterval;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, RemediationAction> context) {
    this.context = context;
    this.notified = context.getStateStore(RunbookTopology.NOTIFIED_STORE);
    context.schedule(purgeInterval, PunctuationType.WALL_CLOCK_TIME, this::purgeExpired);
  }

  @Override
  public void process(Record<String, Incident> record) {
    Incident incident = record.value();
    if (incident == null) {
      return; // quell.incidents is not compacted; a tombstone means nothing here
    }
    long now = context.currentSystemTimeMs();
    boolean lastVersion =
        incident.getStatus() == IncidentStatus.CLOSED || incident.getMergedInto() != null;
    for (RunbookRule rule : rules) {
      String key = stateKey(rule.name(), incident.getId());
      if (notified.get(key) != null) {
        if (lastVersion) {
          notified.delete(key);
        } else {
          notified.put(key, now);
        }
        continue;
      }
      if (!rule.matches(incident)) {
        continue;
      }
      for (int step = 0; step < rule.steps().size(); step++) {
        RemediationAction action = rule.steps().get(step).plan(incident, rule.name(), step);
        context.forward(record.withKey(action.getIncidentId()).withValue(action));
        metrics.actionEmitted(rule.name());
      }
      LOG.info(
          "Rule {} fired for incident {} at version {}",
          rule.name(),
          incident.getId(),
          incident.getVersion());
      if (!lastVersion) {
        notified.put(key, now);
      }
    }
  }

  private void purgeExpired(long now) {
    long oldestKept = now - ttl.toMillis();
    int purged = 0;
    try (KeyValueIterator<String, Long> entries = notified.all()) {
      while (entries.hasNext()) {
        KeyValue<String, Long> entry = entries.next();
        if (entry.value == null || entry.value < oldestKept) {
          notified.delete(entry.key);
          purged++;
        }
      }
    }
    if (purged > 0) {
      LOG.info("Forgot {} incidents not seen for {}", purged, ttl);
    }
  }

  /** Rule names cannot hold '/', so the key is unambiguous whatever the incident id. */
  static String stateKey(String rule, String incidentId) {
    return rule + "/" + incidentId;
  }
}
