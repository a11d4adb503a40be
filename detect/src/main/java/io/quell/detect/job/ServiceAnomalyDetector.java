/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.service.ServiceModelMonitor;
import io.quell.detect.core.service.ServiceModelState;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.topic.RecordKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-service multivariate model, keyed by service: the Flink side of {@link
 * ServiceModelMonitor}.
 *
 * <p>Each point is kept as its series' newest value of its bucket in {@value #PENDING_STATE}, so
 * that points of a later bucket, which may arrive before the watermark closes this one, do not mix
 * into it. One timer per service ticks at the end of each bucket, in order, while the service is
 * alive: when the watermark passes it, the bucket's values become the series' newest ones in
 * {@value #MODEL_STATE}, the vector is judged and kept, and the next tick is registered. A point
 * whose bucket has already closed is dropped (counted in {@code latePointsDropped}). A service
 * without a point for the expiry is forgotten, resolving its alert if one fires.
 */
public class ServiceAnomalyDetector extends KeyedProcessFunction<String, MetricPoint, Alert> {
  private static final long serialVersionUID = 1L;

  /** The newest value of each feature per bucket not yet closed, by bucket start. */
  static final String PENDING_STATE = "pending-buckets";

  /** The service's features, vectors and fitted model; cleared on expiry. */
  static final String MODEL_STATE = "service-model";

  /** The alert life cycle; cleared whenever it is idle. */
  static final String EPISODE_STATE = "episode";

  /** The FIRING alert last sent; cleared when it resolves. */
  static final String OPEN_ALERT_STATE = "open-alert";

  /** Last point's time and the next tick; cleared on expiry. */
  static final String CLOCK_STATE = "clock";

  private final ServiceModelMonitor monitor;
  private final long bucketMs;
  private final long expiryMs;

  private transient MapState<Long, double[]> pending;
  private transient ValueState<ServiceModelState> model;
  private transient ValueState<AlertEpisode> episode;
  private transient ValueState<Alert> openAlert;
  private transient ValueState<ActivityClock> clock;
  private transient Counter latePoints;
  private transient Counter alertsFiring;
  private transient Counter alertsResolved;
  private transient Counter servicesExpired;

  /**
   * @param expiry event time without a point after which a service is forgotten; longer than a
   *     bucket
   */
  public ServiceAnomalyDetector(ServiceModelMonitor monitor, Duration expiry) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.bucketMs = monitor.model().settings().bucketMillis();
    this.expiryMs = expiry.toMillis();
    if (expiryMs <= bucketMs) {
      throw new IllegalArgumentException("expiry must be longer than a bucket");
    }
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    PENDING_STATE,
                    Types.LONG,
                    PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
    model =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    MODEL_STATE, TypeInformation.of(ServiceModelState.class)));
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
    var metrics = getRuntimeContext().getMetricGroup();
    latePoints = metrics.counter("latePointsDropped");
    alertsFiring = metrics.counter("alertsFiring");
    alertsResolved = metrics.counter("alertsResolved");
    servicesExpired = metrics.counter("servicesExpired");
  }

  @Override
  public void processElement(MetricPoint point, Context ctx, Collector<Alert> out)
      throws Exception {
    long at = point.getTimestamp().toEpochMilli();
    long closeAt = Math.floorDiv(at, bucketMs) * bucketMs + bucketMs - 1;
    if (closeAt <= ctx.timerService().currentWatermark()) {
      latePoints.inc();
      return;
    }
    ServiceModelState learned = model.value();
    if (learned == null) {
      learned = new ServiceModelState();
    }
    int feature = monitor.model().feature(learned, RecordKeys.seriesId(point));
    model.update(learned);
    if (feature >= 0 && Double.isFinite(point.getValue())) {
      long bucketStart = closeAt - bucketMs + 1;
      double[] values = pending.get(bucketStart);
      if (values == null || values.length <= feature) {
        double[] grown = new double[learned.getSeries().length];
        Arrays.fill(grown, Double.NaN);
        if (values != null) {
          System.arraycopy(values, 0, grown, 0, values.length);
        }
        values = grown;
      }
      values[feature] = point.getValue();
      pending.put(bucketStart, values);
    }
    ActivityClock activity = clock.value();
    if (activity == null) {
      activity = new ActivityClock(at, closeAt);
      ctx.timerService().registerEventTimeTimer(closeAt);
    } else {
      activity.setLastSeenAt(Math.max(activity.getLastSeenAt(), at));
      if (closeAt < activity.getTimerAt()) {
        ctx.timerService().deleteEventTimeTimer(activity.getTimerAt());
        activity.setTimerAt(closeAt);
        ctx.timerService().registerEventTimeTimer(closeAt);
      }
    }
    clock.update(activity);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    ActivityClock activity = clock.value();
    if (activity == null || activity.getTimerAt() != timestamp) {
      return;
    }
    ServiceModelState learned = model.value();
    if (learned == null) {
      learned = new ServiceModelState();
    }
    AlertEpisode current = episode.value();
    if (current == null) {
      current = new AlertEpisode();
    }
    long bucketStart = timestamp - bucketMs + 1;
    double[] values = pending.get(bucketStart);
    if (values != null) {
      double[] latest = learned.getLatest();
      for (int i = 0; i < Math.min(values.length, latest.length); i++) {
        if (!Double.isNaN(values[i])) {
          latest[i] = values[i];
        }
      }
      pending.remove(bucketStart);
    }
    Optional<Alert> alert =
        monitor.closeBucket(ctx.getCurrentKey(), bucketStart, learned, current, openAlert.value());
    if (alert.isPresent()) {
      emit(alert.get(), out);
    }
    if (ActivityClock.plus(activity.getLastSeenAt(), expiryMs) <= timestamp) {
      Optional<Alert> resolved =
          monitor.expire(current, openAlert.value(), activity.getLastSeenAt());
      if (resolved.isPresent()) {
        emit(resolved.get(), out);
      }
      pending.clear();
      model.clear();
      episode.clear();
      openAlert.clear();
      clock.clear();
      servicesExpired.inc();
      return;
    }
    model.update(learned);
    if (current.isIdle()) {
      episode.clear();
    } else {
      episode.update(current);
    }
    long next = ActivityClock.plus(timestamp, bucketMs);
    activity.setTimerAt(next);
    ctx.timerService().registerEventTimeTimer(next);
    clock.update(activity);
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
