/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import io.quell.detect.core.Intervals;
import io.quell.detect.core.service.BucketValues;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.detect.core.service.ServiceModel;
import io.quell.detect.core.service.ServiceModelState;
import io.quell.detect.core.service.ServiceVerdict;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.topic.RecordKeys;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-service multivariate model, keyed by service: the Flink side of {@link ServiceModel}. It
 * raises no alert of its own: per closed bucket it sends its {@link SeriesVerdict} on each series
 * that had a value in the bucket, which {@link MetricAnomalyDetector} (keyed by series) combines
 * with the series' own likelihood, so that one threshold and one hysteresis decide.
 *
 * <p>Each point is kept as its series' newest value of its own bucket in {@value #PENDING_STATE},
 * so that points of a later bucket, which may arrive before the watermark closes this one, do not
 * mix into it. One timer per service ticks at the end of each bucket, in order, while the service
 * is alive: when the watermark passes it, the bucket's values become the series' newest ones, the
 * vector is judged and kept, the verdicts are sent (stamped with the timer's time) and the next
 * tick is registered. A point whose bucket has already closed is dropped (counted in {@code
 * latePointsDropped}). A service without a point for the expiry is forgotten. {@code
 * ServiceModelReplay} runs the same core offline.
 */
public class ServiceAnomalyDetector
    extends KeyedProcessFunction<String, MetricPoint, SeriesVerdict> {
  private static final long serialVersionUID = 1L;

  /** The newest value of each series per bucket not yet closed, by bucket start. */
  static final String PENDING_STATE = "pending-buckets";

  /** The service's features, vectors and fitted model; cleared on expiry. */
  static final String MODEL_STATE = "service-model";

  /** Last point's time and the next tick; cleared on expiry. */
  static final String CLOCK_STATE = "clock";

  private final ServiceModel model;
  private final long bucketMs;
  private final long expiryMs;

  private transient MapState<Long, BucketValues> pending;
  private transient ValueState<ServiceModelState> learned;
  private transient ValueState<ActivityClock> clock;
  private transient Counter latePoints;
  private transient Counter verdictsSent;
  private transient Counter servicesExpired;

  /**
   * @param expiry event time without a point after which a service is forgotten; longer than a
   *     bucket
   */
  public ServiceAnomalyDetector(ServiceModel model, Duration expiry) {
    this.model = Objects.requireNonNull(model, "model");
    this.bucketMs = model.settings().bucketMillis();
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
                    PENDING_STATE, Types.LONG, TypeInformation.of(BucketValues.class)));
    learned =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    MODEL_STATE, TypeInformation.of(ServiceModelState.class)));
    clock =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(CLOCK_STATE, TypeInformation.of(ActivityClock.class)));
    var metrics = getRuntimeContext().getMetricGroup();
    latePoints = metrics.counter("latePointsDropped");
    verdictsSent = metrics.counter("serviceVerdictsSent");
    servicesExpired = metrics.counter("servicesExpired");
  }

  @Override
  public void processElement(MetricPoint point, Context ctx, Collector<SeriesVerdict> out)
      throws Exception {
    long at = point.getTimestamp().toEpochMilli();
    long bucketStart = Intervals.startOf(at, bucketMs);
    long closeAt = Intervals.lastMillisOf(bucketStart, bucketMs);
    if (closeAt <= ctx.timerService().currentWatermark()) {
      latePoints.inc();
      return;
    }
    BucketValues values = pending.get(bucketStart);
    if (values == null) {
      values = new BucketValues();
    }
    values.put(RecordKeys.seriesId(point), point.getValue(), at);
    pending.put(bucketStart, values);
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
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesVerdict> out)
      throws Exception {
    ActivityClock activity = clock.value();
    if (activity == null || activity.getTimerAt() != timestamp) {
      return;
    }
    ServiceModelState state = learned.value();
    if (state == null) {
      state = new ServiceModelState();
    }
    long bucketStart = timestamp - bucketMs + 1;
    BucketValues values = pending.get(bucketStart);
    if (values != null) {
      pending.remove(bucketStart);
    } else {
      values = new BucketValues();
    }
    ServiceVerdict verdict = model.closeBucket(state, bucketStart, values);
    for (SeriesVerdict series : verdict.perSeries()) {
      out.collect(series);
      verdictsSent.inc();
    }
    if (Intervals.plus(activity.getLastSeenAt(), expiryMs) <= timestamp) {
      pending.clear();
      learned.clear();
      clock.clear();
      servicesExpired.inc();
      return;
    }
    learned.update(state);
    long next = Intervals.plus(timestamp, bucketMs);
    activity.setTimerAt(next);
    ctx.timerService().registerEventTimeTimer(next);
    clock.update(activity);
  }
}
