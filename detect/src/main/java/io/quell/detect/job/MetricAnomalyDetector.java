/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Intervals;
import io.quell.detect.core.metric.MetricMonitor;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MetricPoint;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Detects anomalies in metric series, keyed by series id: the Flink side of a {@link MetricMonitor}
 * (the anomaly scorer's {@code LikelihoodMonitor} or the robust baseline's {@code SeriesMonitor}).
 *
 * <p>Points are judged in event-time order, whatever order they arrive in: each point waits in
 * {@value #PENDING_STATE} until the watermark passes its timestamp (a timer per point), then goes
 * through the monitor. A point at or behind the watermark when it arrives is too late for its place
 * in the series and is dropped (counted in {@code latePointsDropped}); two points of a series with
 * the same timestamp are one point, the last one read.
 *
 * <p>State is cleared when a series falls silent: every series has a bookkeeping timer at its last
 * point plus the expiry; when it fires with no newer point, a firing alert is resolved and all of
 * the series' state is cleared. The timer is moved lazily (re-registered when it fires early), so a
 * busy series costs one timer, not one per point.
 *
 * <p>The second input is the service model's verdicts on the series ({@link
 * ServiceAnomalyDetector}, keyed here by series id), for a monitor that combines them with its own
 * score ({@link MetricMonitor#verdictMaxAgeMs()} above 0; others drop them). A verdict waits in
 * {@value #PENDING_VERDICTS_STATE} until the watermark passes its bucket's end (a timer there),
 * then becomes the series' latest ({@value #VERDICT_STATE}); a point is judged with the latest
 * verdict at its timer. Both inputs carry the same event time and the service operator sends a
 * bucket's verdicts before it forwards the watermark past the bucket's end, so a point is judged
 * with the newest verdict whose bucket ended at or before it, whatever the order of arrival: what
 * {@code MetricReplay} does with {@code ServiceModelReplay}'s verdicts. A verdict on a series
 * without state here (it never sent a point, or it expired) is dropped.
 *
 * @param <S> what the detector learns about a series
 */
public class MetricAnomalyDetector<S>
    extends KeyedCoProcessFunction<String, MetricPoint, SeriesVerdict, Alert> {
  private static final long serialVersionUID = 1L;

  /** Points waiting for the watermark, by timestamp; each entry is removed when judged. */
  static final String PENDING_STATE = "pending-points";

  /** The series' name and labels (its first point), to build alerts from; cleared on expiry. */
  static final String SERIES_STATE = "series";

  /** What the detector learned about the series; cleared on expiry. */
  static final String MODEL_STATE = "model";

  /** The alert life cycle; cleared whenever it is idle (nothing pending or firing). */
  static final String EPISODE_STATE = "episode";

  /** The FIRING alert last sent; cleared when it resolves. */
  static final String OPEN_ALERT_STATE = "open-alert";

  /** The service model's verdicts not yet reached by the watermark, by bucket end. */
  static final String PENDING_VERDICTS_STATE = "pending-verdicts";

  /**
   * The service model's latest verdict on the series that the watermark passed; cleared on expiry.
   */
  static final String VERDICT_STATE = "service-verdict";

  /** Last point's time and the expiry timer; cleared on expiry. */
  static final String CLOCK_STATE = "clock";

  private final MetricMonitor<S> monitor;
  private final long expiryMs;

  private transient MapState<Long, Double> pending;
  private transient ValueState<MetricPoint> series;
  private transient ValueState<S> model;
  private transient ValueState<AlertEpisode> episode;
  private transient ValueState<Alert> openAlert;
  private transient ValueState<ActivityClock> clock;
  private transient MapState<Long, SeriesVerdict> pendingVerdicts;
  private transient ValueState<SeriesVerdict> latestVerdict;
  private transient Counter latePoints;
  private transient Counter verdictsDropped;
  private transient Counter nonFinitePoints;
  private transient Counter alertsFiring;
  private transient Counter alertsResolved;
  private transient Counter seriesExpired;

  /**
   * @param expiry event time without a point after which a series is forgotten
   */
  public MetricAnomalyDetector(MetricMonitor<S> monitor, Duration expiry) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.expiryMs = expiry.toMillis();
    if (expiryMs < 1) {
      throw new IllegalArgumentException("expiry must be positive");
    }
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>(PENDING_STATE, Types.LONG, Types.DOUBLE));
    series =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(SERIES_STATE, TypeInformation.of(MetricPoint.class)));
    model =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(MODEL_STATE, TypeInformation.of(monitor.stateType())));
    episode =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(EPISODE_STATE, TypeInformation.of(AlertEpisode.class)));
    openAlert =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(OPEN_ALERT_STATE, TypeInformation.of(Alert.class)));
    clock =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(CLOCK_STATE, TypeInformation.of(ActivityClock.class)));
    pendingVerdicts =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    PENDING_VERDICTS_STATE, Types.LONG, TypeInformation.of(SeriesVerdict.class)));
    latestVerdict =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(VERDICT_STATE, TypeInformation.of(SeriesVerdict.class)));
    var metrics = getRuntimeContext().getMetricGroup();
    latePoints = metrics.counter("latePointsDropped");
    verdictsDropped = metrics.counter("serviceVerdictsDropped");
    nonFinitePoints = metrics.counter("nonFinitePointsSkipped");
    alertsFiring = metrics.counter("alertsFiring");
    alertsResolved = metrics.counter("alertsResolved");
    seriesExpired = metrics.counter("seriesExpired");
  }

  @Override
  public void processElement1(MetricPoint point, Context ctx, Collector<Alert> out)
      throws Exception {
    long at = point.getTimestamp().toEpochMilli();
    if (at <= ctx.timerService().currentWatermark()) {
      latePoints.inc();
      return;
    }
    if (series.value() == null) {
      series.update(point);
    }
    pending.put(at, point.getValue());
    ctx.timerService().registerEventTimeTimer(at);
    ActivityClock activity = clock.value();
    if (activity == null) {
      activity = new ActivityClock(at, Intervals.plus(at, expiryMs));
      ctx.timerService().registerEventTimeTimer(activity.getTimerAt());
    } else if (at > activity.getLastSeenAt()) {
      activity.setLastSeenAt(at);
    }
    clock.update(activity);
  }

  @Override
  public void processElement2(SeriesVerdict verdict, Context ctx, Collector<Alert> out)
      throws Exception {
    long end = verdict.getBucketEnd();
    if (monitor.verdictMaxAgeMs() <= 0) {
      verdictsDropped.inc();
      return;
    }
    if (end <= ctx.timerService().currentWatermark()) {
      // Cannot happen with the job's wiring (the service operator sends a bucket's verdicts before
      // the watermark past its end); kept as the latest if it is one.
      SeriesVerdict latest = latestVerdict.value();
      if (clock.value() != null && (latest == null || latest.getBucketEnd() < end)) {
        latestVerdict.update(verdict);
      } else {
        verdictsDropped.inc();
      }
      return;
    }
    pendingVerdicts.put(end, verdict);
    ctx.timerService().registerEventTimeTimer(end);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    SeriesVerdict verdict = pendingVerdicts.get(timestamp);
    if (verdict != null) {
      pendingVerdicts.remove(timestamp);
      if (clock.value() != null) {
        latestVerdict.update(verdict);
      } else {
        verdictsDropped.inc();
      }
    }
    Double value = pending.get(timestamp);
    if (value != null) {
      pending.remove(timestamp);
      judge(timestamp, value, out);
    }
    ActivityClock activity = clock.value();
    if (activity != null && activity.getTimerAt() == timestamp) {
      long deadline = Intervals.plus(activity.getLastSeenAt(), expiryMs);
      if (deadline > timestamp) {
        activity.setTimerAt(deadline);
        ctx.timerService().registerEventTimeTimer(deadline);
        clock.update(activity);
      } else {
        expire(activity.getLastSeenAt(), out);
      }
    }
  }

  private void judge(long at, double value, Collector<Alert> out) throws Exception {
    if (!Double.isFinite(value)) {
      nonFinitePoints.inc();
      return;
    }
    MetricPoint point =
        MetricPoint.newBuilder(series.value())
            .setTimestamp(Instant.ofEpochMilli(at))
            .setValue(value)
            .build();
    S learned = model.value();
    if (learned == null) {
      learned = monitor.newState();
    }
    AlertEpisode current = episode.value();
    if (current == null) {
      current = new AlertEpisode();
    }
    Optional<Alert> alert =
        monitor.observe(point, learned, current, openAlert.value(), latestVerdict.value());
    model.update(learned);
    if (current.isIdle()) {
      episode.clear();
    } else {
      episode.update(current);
    }
    if (alert.isPresent()) {
      emit(alert.get(), out);
    }
  }

  private void expire(long lastSeenAt, Collector<Alert> out) throws Exception {
    AlertEpisode current = episode.value();
    if (current != null) {
      Optional<Alert> resolved = monitor.expire(current, openAlert.value(), lastSeenAt);
      if (resolved.isPresent()) {
        emit(resolved.get(), out);
      }
    }
    pending.clear();
    series.clear();
    model.clear();
    episode.clear();
    openAlert.clear();
    clock.clear();
    pendingVerdicts.clear();
    latestVerdict.clear();
    seriesExpired.inc();
  }

  private void emit(Alert alert, Collector<Alert> out) throws IOException {
    if (alert.getStatus() == AlertStatus.FIRING) {
      openAlert.update(alert);
      alertsFiring.inc();
    } else {
      openAlert.clear();
      alertsResolved.inc();
    }
    out.collect(alert);
  }
}
