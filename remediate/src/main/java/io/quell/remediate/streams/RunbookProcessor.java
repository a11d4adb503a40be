/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.streams;

import io.quell.remediate.runbook.RunbookEngine;
import io.quell.remediate.runbook.RunbookState;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.Incident;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of the {@link RunbookEngine}: feeds it incident versions, approval decisions,
 * failed deliveries and wall-clock ticks, keeps its state in the five stores of {@link
 * RunbookTopology}, and forwards what it decides (actions and results) in the same exactly-once
 * transaction as the input offsets.
 *
 * <p>When state is cleared: see {@link RunbookEngine} (an episode's entries when the incident
 * reaches its last version) and {@link RunbookEngine#purge} (everything not refreshed for the TTL),
 * which runs every purge interval.
 */
final class RunbookProcessor implements Processor<String, Object, String, SpecificRecord> {

  /** An approval decision as it arrives: the action id (record key) and the JSON value. */
  record ApprovalInput(String actionId, String json) {}

  private static final Logger LOG = LoggerFactory.getLogger(RunbookProcessor.class);

  private final RunbookEngine engine;
  private final Duration ttl;
  private final Duration purgeInterval;
  private final Duration tickInterval;
  private ProcessorContext<String, SpecificRecord> context;
  private RunbookState state;

  RunbookProcessor(
      RunbookEngine engine, Duration ttl, Duration purgeInterval, Duration tickInterval) {
    this.engine = engine;
    this.ttl = ttl;
    this.purgeInterval = purgeInterval;
    this.tickInterval = tickInterval;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.state =
        new RunbookState(
            new KafkaStore<>(context.getStateStore(RunbookTopology.NOTIFIED_STORE)),
            new KafkaStore<>(context.getStateStore(RunbookTopology.PROGRESS_STORE)),
            new KafkaStore<>(context.getStateStore(RunbookTopology.GUARDS_STORE)),
            new KafkaStore<>(context.getStateStore(RunbookTopology.APPROVALS_STORE)),
            new KafkaStore<>(context.getStateStore(RunbookTopology.INCIDENTS_STORE)));
    context.schedule(purgeInterval, PunctuationType.WALL_CLOCK_TIME, this::purge);
    context.schedule(tickInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
  }

  @Override
  public void process(Record<String, Object> record) {
    long now = context.currentSystemTimeMs();
    List<RunbookEngine.Output> outputs;
    if (record.value() instanceof Incident incident) {
      outputs = engine.onIncident(incident, now, state);
    } else if (record.value() instanceof ActionResult result) {
      outputs = engine.onResult(result, now, state);
    } else if (record.value() instanceof ApprovalInput approval) {
      outputs =
          engine.onDecision(
              RunbookEngine.Decision.parse(approval.actionId(), approval.json()), now, state);
    } else {
      return; // a tombstone: quell.incidents is not compacted, it means nothing here
    }
    forward(outputs, record.timestamp());
  }

  private void tick(long now) {
    forward(engine.onTick(now, state), now);
  }

  private void purge(long now) {
    int purged = engine.purge(now, ttl, state);
    if (purged > 0) {
      LOG.info("Forgot {} incidents not seen for {}", purged, ttl);
    }
  }

  private void forward(List<RunbookEngine.Output> outputs, long timestamp) {
    for (RunbookEngine.Output output : outputs) {
      if (output.action() != null) {
        context.forward(new Record<>(output.action().getIncidentId(), output.action(), timestamp));
      } else {
        context.forward(new Record<>(output.result().getIncidentId(), output.result(), timestamp));
      }
    }
  }

  /** Rule names cannot hold '/', so the key is unambiguous whatever the incident id. */
  static String stateKey(String rule, String incidentId) {
    return rule + "/" + incidentId;
  }
}
