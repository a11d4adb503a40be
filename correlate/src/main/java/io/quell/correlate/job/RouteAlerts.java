/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.correlate.core.AlertTimes;
import io.quell.correlate.core.TopologyPartitions;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.TopologyEdge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Chooses the correlation partition of each alert ({@link TopologyPartitions}) when the job runs
 * with {@code quell.correlate.partitioning=topology-component}: keyed by fingerprint, with the
 * topology on the broadcast side. The choice is sticky: the first record of a fingerprint decides,
 * and its repeats and resolution follow it to the same partition, where its incident lives, even if
 * the topology changed meanwhile. The partition travels as the annotation {@link
 * #PARTITION_ANNOTATION}, which {@link #PARTITION} reads as the key of {@link CorrelateAlerts}.
 *
 * <p>Each alert waits in keyed state until the watermark passes its event time, when the
 * correlation operator would take it up anyway: so it is routed with the topology the correlator
 * would use (the topology read at start-up holds the watermark back until it has settled). A late
 * alert is routed at once. State: the choice per fingerprint, dropped by state TTL (processing
 * time) after {@code routeRetention} without a record of that fingerprint; the waiting alerts,
 * until the watermark passes them.
 */
public class RouteAlerts
    extends KeyedBroadcastProcessFunction<String, Alert, ControlUpdate, Alert> {

  private static final long serialVersionUID = 1L;

  /** The annotation that carries an alert's partition to the correlation operator. */
  public static final String PARTITION_ANNOTATION = "quell.correlate.partition";

  /** The key of {@link CorrelateAlerts}: the partition annotation, else the single key. */
  public static final KeySelector<Alert, String> PARTITION = new PartitionKey();

  static final String PARTITION_STATE = "route-partition";
  static final String WAITING_STATE = "route-waiting";

  private final List<String> servicelessGroupLabels;
  private final Duration routeRetention;

  private transient ValueState<String> partition;
  private transient ListState<Alert> waiting;
  private transient Counter routed;

  /**
   * @param routeRetention how long a fingerprint keeps its partition after its last record
   *     (processing time); longer than an incident can live
   */
  public RouteAlerts(List<String> servicelessGroupLabels, Duration routeRetention) {
    this.servicelessGroupLabels = List.copyOf(servicelessGroupLabels);
    this.routeRetention = routeRetention;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<String> partitionDescriptor =
        new ValueStateDescriptor<>(PARTITION_STATE, Types.STRING);
    partitionDescriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(routeRetention)
            .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    partition = getRuntimeContext().getState(partitionDescriptor);
    waiting =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(WAITING_STATE, TypeInformation.of(Alert.class)));
    routed = getRuntimeContext().getMetricGroup().counter("routedAlerts");
  }

  @Override
  public void processElement(Alert alert, ReadOnlyContext ctx, Collector<Alert> out)
      throws Exception {
    long eventTime = AlertTimes.eventTime(alert);
    if (eventTime > ctx.currentWatermark()) {
      // Routed when the watermark passes it, as the correlation operator would handle it: by then
      // the topology read at start-up and the updates before it are known.
      waiting.add(alert);
      ctx.timerService().registerEventTimeTimer(eventTime);
      return;
    }
    // A late alert: the correlation operator handles it at once, so it is routed at once.
    flushUpTo(Long.MAX_VALUE, ctx, out);
    route(alert, ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    flushUpTo(timestamp, ctx, out);
  }

  /** Routes the waiting alerts with event time up to {@code time}, in event-time order. */
  private void flushUpTo(long time, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
    Iterable<Alert> held = waiting.get();
    if (held == null) {
      return;
    }
    List<Alert> due = new ArrayList<>();
    List<Alert> kept = new ArrayList<>();
    for (Alert alert : held) {
      (AlertTimes.eventTime(alert) <= time ? due : kept).add(alert);
    }
    if (due.isEmpty()) {
      return;
    }
    due.sort(java.util.Comparator.comparingLong(AlertTimes::eventTime));
    if (kept.isEmpty()) {
      waiting.clear();
    } else {
      waiting.update(kept);
    }
    for (Alert alert : due) {
      route(alert, ctx, out);
    }
  }

  private void route(Alert alert, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
    String key = partition.value();
    if (key == null) {
      key =
          TopologyPartitions.of(
              alert,
              new BroadcastTopology(ctx.getBroadcastState(CorrelateAlerts.TOPOLOGY_STATE)),
              servicelessGroupLabels);
    }
    // Written on every record, so that the retention counts from the latest one.
    partition.update(key);
    Map<String, String> annotations = new HashMap<>(alert.getAnnotations());
    annotations.put(PARTITION_ANNOTATION, key);
    out.collect(Alert.newBuilder(alert).setAnnotations(annotations).build());
    routed.inc();
  }

  @Override
  public void processBroadcastElement(ControlUpdate control, Context ctx, Collector<Alert> out)
      throws Exception {
    if (control.topology() == null) {
      return; // silences matter to the correlation operator only
    }
    TopologyUpdate update = control.topology();
    BroadcastState<String, TopologyEdge> edges =
        ctx.getBroadcastState(CorrelateAlerts.TOPOLOGY_STATE);
    if (update.isRemoval()) {
      edges.remove(update.key());
    } else {
      edges.put(update.key(), update.edge());
    }
  }

  /** Reads the partition annotation (a named class: Flink serializes key selectors). */
  static final class PartitionKey implements KeySelector<Alert, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Alert alert) {
      String key = alert.getAnnotations().get(PARTITION_ANNOTATION);
      return key == null ? CorrelateAlerts.SINGLE_KEY : key;
    }
  }
}
