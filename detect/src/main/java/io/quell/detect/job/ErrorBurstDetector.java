/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Intervals;
import io.quell.detect.core.logs.ErrorBaseline;
import io.quell.detect.core.logs.IntervalTally;
import io.quell.detect.core.logs.ServiceMonitor;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.LogEvent;
import java.io.IOException;
import java.time.Duration;
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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Detects bursts of ERROR and FATAL log events, and jumps in the share of errors and warnings among
 * all events, keyed by service: the Flink side of {@link ServiceMonitor}.
 *
 * <p>Events are counted (errors, warnings, all) per tumbling event-time interval in {@value
 * #TALLIES_STATE}. One timer per service ticks at the end of each interval, in order, while the
 * service is alive: when the watermark passes it, the interval is closed (an interval without
 * errors counts as zero, which is what resolves an alert) and the next tick is registered. An event
 * whose interval has already closed is dropped (counted in {@code lateEventsDropped}).
 *
 * <p>State is cleared when a service falls silent: at a tick with no event for the expiry, a firing
 * alert is resolved, everything the service had is cleared and it stops ticking.
 */
public class ErrorBurstDetector extends KeyedProcessFunction<String, LogEvent, Alert> {
  private static final long serialVersionUID = 1L;

  /** Event tallies of intervals not yet closed, by interval start; removed when closed. */
  static final String TALLIES_STATE = "interval-tallies";

  /** The moving average of the service's error count; cleared on expiry. */
  static final String BASELINE_STATE = "baseline";

  /** The alert life cycle; cleared whenever it is idle (nothing pending or firing). */
  static final String EPISODE_STATE = "episode";

  /** The FIRING alert last sent; cleared when it resolves. */
  static final String OPEN_ALERT_STATE = "open-alert";

  /** Last event's time and the next tick; cleared on expiry. */
  static final String CLOCK_STATE = "clock";

  private final ServiceMonitor monitor;
  private final long intervalMs;
  private final long expiryMs;

  private transient MapState<Long, IntervalTally> tallies;
  private transient ValueState<ErrorBaseline> baseline;
  private transient ValueState<AlertEpisode> episode;
  private transient ValueState<Alert> openAlert;
  private transient ValueState<ActivityClock> clock;
  private transient Counter lateEvents;
  private transient Counter alertsFiring;
  private transient Counter alertsResolved;
  private transient Counter servicesExpired;

  /**
   * @param expiry event time without a log event after which a service is forgotten; longer than an
   *     interval
   */
  public ErrorBurstDetector(ServiceMonitor monitor, Duration expiry) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.intervalMs = monitor.rule().settings().intervalMs();
    this.expiryMs = expiry.toMillis();
    if (expiryMs <= intervalMs) {
      throw new IllegalArgumentException("expiry must be longer than an interval");
    }
  }

  @Override
  public void open(OpenContext openContext) {
    tallies =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    TALLIES_STATE, Types.LONG, TypeInformation.of(IntervalTally.class)));
    baseline =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    BASELINE_STATE, TypeInformation.of(ErrorBaseline.class)));
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
    lateEvents = metrics.counter("lateEventsDropped");
    alertsFiring = metrics.counter("alertsFiring");
    alertsResolved = metrics.counter("alertsResolved");
    servicesExpired = metrics.counter("servicesExpired");
  }

  @Override
  public void processElement(LogEvent event, Context ctx, Collector<Alert> out) throws Exception {
    long at = event.getTimestamp().toEpochMilli();
    long start = Intervals.startOf(at, intervalMs);
    long closeAt = Intervals.lastMillisOf(start, intervalMs);
    if (closeAt <= ctx.timerService().currentWatermark()) {
      lateEvents.inc();
      return;
    }
    IntervalTally tally = tallies.get(start);
    if (tally == null) {
      tally = new IntervalTally();
    }
    tally.count(event.getLevel(), at, event.getMessage());
    tallies.put(start, tally);
    clock.update(ActivityClock.tickingAt(clock.value(), at, closeAt, ctx.timerService()));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    ActivityClock activity = clock.value();
    if (activity == null || activity.getTimerAt() != timestamp) {
      return;
    }
    long start = timestamp - intervalMs + 1;
    IntervalTally tally = tallies.get(start);
    if (tally != null) {
      tallies.remove(start);
    }
    ErrorBaseline learned = baseline.value();
    if (learned == null) {
      learned = new ErrorBaseline();
    }
    AlertEpisode current = episode.value();
    if (current == null) {
      current = new AlertEpisode();
    }
    Optional<Alert> alert =
        monitor.closeInterval(
            ctx.getCurrentKey(), start, tally, learned, current, openAlert.value());
    if (alert.isPresent()) {
      emit(alert.get(), out);
    }
    if (Intervals.plus(activity.getLastSeenAt(), expiryMs) <= timestamp) {
      // Silent for the whole expiry; any tally would be of a newer event, so there is none.
      Optional<Alert> resolved =
          monitor.expire(current, openAlert.value(), activity.getLastSeenAt());
      if (resolved.isPresent()) {
        emit(resolved.get(), out);
      }
      tallies.clear();
      baseline.clear();
      episode.clear();
      openAlert.clear();
      clock.clear();
      servicesExpired.inc();
      return;
    }
    baseline.update(learned);
    if (current.isIdle()) {
      episode.clear();
    } else {
      episode.update(current);
    }
    long next = Intervals.plus(timestamp, intervalMs);
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
