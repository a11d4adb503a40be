/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.correlate.core.AlertTimes;
import io.quell.correlate.core.CorrelationSettings;
import io.quell.correlate.core.Correlator;
import io.quell.correlate.core.IncidentState;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.TopologyEdge;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups alerts into incidents: the thin Flink shell around the plain-Java {@link Correlator}.
 *
 * <p>Alerts wait in keyed state until the watermark passes their event time, then go to the
 * correlator one instant at a time, in event-time order: so alerts that arrive in any order within
 * the out-of-orderness bound give the same incidents. An alert that arrives after the watermark
 * passed it (a late one, such as a repeat that keeps its old start) is handled at the next
 * watermark, as if it had happened just after it. The correlator's own deadlines (the end of a new
 * incident's group wait, when it is first published; quiet period, close period, lifetime) run on
 * the same single event-time timer, so a new incident appears when the watermark passes the end of
 * its group wait, with the alerts and merges of that time folded in.
 *
 * <p>All alerts share one key ({@link #SINGLE_KEY}): one grouping instance sees every alert, which
 * keeps grouping correct at any parallelism, at the price of one busy subtask (see the module's
 * README). The topology arrives on the broadcast side and is stored as broadcast state.
 *
 * <p>State and when it is cleared: the correlator's incidents and fingerprint index (an incident
 * when it closes, which every incident does by the end of its close period or lifetime; at most
 * max-open-incidents of them), the pending alerts (each batch when the watermark passes it; at most
 * max-pending-alerts), the pending count, the wake-up time and the processed-up-to time (all three
 * when nothing is pending and no incident is left). So with no open incident, the key holds no
 * state and no timer.
 */
public class CorrelateAlerts
    extends KeyedBroadcastProcessFunction<String, Alert, TopologyUpdate, Incident> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CorrelateAlerts.class);

  /** The one key every alert is routed to. */
  public static final String SINGLE_KEY = "all-alerts";

  /**
   * Known edges by {@code caller->callee}. A constant, unlike the keyed descriptors, because the
   * job graph needs it when it broadcasts the topology stream.
   */
  public static final MapStateDescriptor<String, TopologyEdge> TOPOLOGY_STATE =
      new MapStateDescriptor<>("topology", Types.STRING, TypeInformation.of(TopologyEdge.class));

  static final String INCIDENTS = "incidents";
  static final String INCIDENT_BY_FINGERPRINT = "incident-by-fingerprint";
  static final String PENDING_ALERTS = "pending-alerts";
  static final String PENDING_COUNT = "pending-alert-count";
  static final String WAKE_UP_AT = "wake-up-at";
  static final String PROCESSED_UP_TO = "processed-up-to";

  private final CorrelationSettings settings;
  private final int maxPendingAlerts;

  private transient MapState<String, IncidentState> incidents;
  private transient MapState<String, String> incidentByFingerprint;
  private transient MapState<Long, List<Alert>> pendingAlerts;
  private transient ValueState<Integer> pendingCount;
  private transient ValueState<Long> wakeUpAt;
  private transient ValueState<Long> processedUpTo;
  private transient Counter lateAlerts;
  private transient Counter incidentVersions;

  public CorrelateAlerts(CorrelationSettings settings, int maxPendingAlerts) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.maxPendingAlerts = maxPendingAlerts;
  }

  @Override
  public void open(OpenContext openContext) {
    incidents =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    INCIDENTS, Types.STRING, TypeInformation.of(IncidentState.class)));
    incidentByFingerprint =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(INCIDENT_BY_FINGERPRINT, Types.STRING, Types.STRING));
    pendingAlerts =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    PENDING_ALERTS,
                    Types.LONG,
                    new ListTypeInfo<>(TypeInformation.of(Alert.class))));
    pendingCount =
        getRuntimeContext().getState(new ValueStateDescriptor<>(PENDING_COUNT, Types.INT));
    wakeUpAt = getRuntimeContext().getState(new ValueStateDescriptor<>(WAKE_UP_AT, Types.LONG));
    processedUpTo =
        getRuntimeContext().getState(new ValueStateDescriptor<>(PROCESSED_UP_TO, Types.LONG));
    lateAlerts = getRuntimeContext().getMetricGroup().counter("lateAlerts");
    incidentVersions = getRuntimeContext().getMetricGroup().counter("incidentVersions");
  }

  @Override
  public void processElement(Alert alert, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    long eventTime = AlertTimes.eventTime(alert);
    long at = eventTime;
    if (watermark != Long.MIN_VALUE && at <= watermark) {
      lateAlerts.inc();
      at = watermark + 1;
    }
    Long processed = processedUpTo.value();
    if (processed != null && at < processed) {
      at = processed;
    }
    List<Alert> batch = pendingAlerts.get(at);
    if (batch == null) {
      batch = new ArrayList<>(1);
    }
    batch.add(alert);
    pendingAlerts.put(at, batch);
    int count = (pendingCount.value() == null ? 0 : pendingCount.value()) + 1;
    pendingCount.update(count);
    Long wakeUp = wakeUpAt.value();
    if (wakeUp == null || at < wakeUp) {
      wakeUpAt(ctx.timerService(), at);
    }
    if (count > maxPendingAlerts) {
      handleEarliestOutOfTurn(ctx, out);
    }
  }

  @Override
  public void processBroadcastElement(TopologyUpdate update, Context ctx, Collector<Incident> out)
      throws Exception {
    BroadcastState<String, TopologyEdge> edges = ctx.getBroadcastState(TOPOLOGY_STATE);
    if (update.isRemoval()) {
      edges.remove(update.key());
    } else {
      edges.put(update.key(), update.edge());
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    Long wakeUp = wakeUpAt.value();
    if (wakeUp != null && wakeUp <= timestamp) {
      wakeUpAt.clear();
    }
    // Everything up to the watermark is complete: no alert at or before it is still to come.
    long upTo = ctx.timerService().currentWatermark();
    Correlator correlator = correlator(ctx);
    List<Long> due = new ArrayList<>();
    for (Long at : pendingAlerts.keys()) {
      if (at <= upTo) {
        due.add(at);
      }
    }
    due.sort(null);
    for (Long at : due) {
      handleBatch(correlator, at, out);
    }
    publish(correlator.advanceTo(upTo), out);
    if (processedUpTo.value() == null || processedUpTo.value() < upTo) {
      processedUpTo.update(upTo);
    }
    scheduleNext(correlator, ctx.timerService());
  }

  private void handleEarliestOutOfTurn(ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    Long earliest = null;
    for (Long at : pendingAlerts.keys()) {
      earliest = earliest == null || at < earliest ? at : earliest;
    }
    LOG.warn(
        "more than {} alerts wait for the watermark (is a partition stalled?): handling those of"
            + " {} now",
        maxPendingAlerts,
        earliest);
    Correlator correlator = correlator(ctx);
    handleBatch(correlator, earliest, out);
    processedUpTo.update(earliest);
    scheduleNext(correlator, ctx.timerService());
  }

  private void handleBatch(Correlator correlator, long at, Collector<Incident> out)
      throws Exception {
    List<Alert> batch = pendingAlerts.get(at);
    pendingAlerts.remove(at);
    int left = (pendingCount.value() == null ? 0 : pendingCount.value()) - batch.size();
    if (left > 0) {
      pendingCount.update(left);
    } else {
      pendingCount.clear();
    }
    publish(correlator.onAlerts(at, batch), out);
  }

  private void publish(List<Incident> versions, Collector<Incident> out) {
    for (Incident version : versions) {
      LOG.debug(
          "incident {} v{} {}: {}",
          version.getId(),
          version.getVersion(),
          version.getStatus(),
          version.getTitle());
      out.collect(version);
      incidentVersions.inc();
    }
  }

  /** One timer at a time: at the earliest pending batch or correlator deadline. */
  private void scheduleNext(Correlator correlator, TimerService timers) throws Exception {
    OptionalLong next = correlator.nextDeadline();
    for (Long at : pendingAlerts.keys()) {
      if (next.isEmpty() || at < next.getAsLong()) {
        next = OptionalLong.of(at);
      }
    }
    if (next.isPresent()) {
      wakeUpAt(timers, next.getAsLong());
      return;
    }
    Long wakeUp = wakeUpAt.value();
    if (wakeUp != null) {
      timers.deleteEventTimeTimer(wakeUp);
      wakeUpAt.clear();
    }
    // Nothing pending and no incident left: drop the bookkeeping too.
    pendingCount.clear();
    processedUpTo.clear();
  }

  private void wakeUpAt(TimerService timers, long at) throws Exception {
    Long current = wakeUpAt.value();
    if (current != null) {
      if (current == at) {
        return;
      }
      timers.deleteEventTimeTimer(current);
    }
    timers.registerEventTimeTimer(at);
    wakeUpAt.update(at);
  }

  private Correlator correlator(ReadOnlyContext ctx) {
    return new Correlator(
        settings,
        new FlinkIncidentStore(incidents, incidentByFingerprint),
        new BroadcastTopology(ctx.getBroadcastState(TOPOLOGY_STATE)));
  }
}
