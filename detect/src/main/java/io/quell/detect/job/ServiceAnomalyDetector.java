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
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-service multivariate model, keyed by service: the Flink side of {@link
 * ServiceModelMonitor}.
 *
 * <p>Each point updates its series' newest value in {@value #MODEL_STATE}. One timer per service
 * ticks at the end of each bucket, in order, while the service is alive: when the watermark passes
 * it, the bucket's vector is judged and kept, and the next tick is registered. A point whose bucket
 * has already closed is dropped (counted in {@code latePointsDropped}). A service without a point
 * for the expiry is forgotten, resolving its alert if one fires.
 */
public class ServiceAnomalyDetector extends KeyedProcessFunction<String, MetricPoint, Alert> {
  private static final long serialVersionUID = 1L;

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
    monitor.record(learned, RecordKeys.seriesId(point), point.getValue());
    model.update(learned);
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
