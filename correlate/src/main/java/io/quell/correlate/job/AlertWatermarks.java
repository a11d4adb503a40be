/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.correlate.core.AlertTimes;
import io.quell.schemas.avro.Alert;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the alert stream: the alert's own time ({@link AlertTimes#eventTime}), watermarks
 * that trail the latest event time by the out-of-orderness bound.
 *
 * <p>Alerts are rare, and an alert is only handled once the watermark passes it; with plain
 * watermarks a lone alert would wait for the next one, maybe for hours, before its incident is
 * published (and no incident would resolve or close in a quiet night). So, with idle progress on,
 * once no alert arrived for the idleness period, the watermark moves on with the processing clock
 * from where the last alert left it, as if event time kept flowing: the incident appears about
 * idleness + out-of-orderness after the last alert. Alerts that arrive after such a pause are still
 * ordered by their own time; only one older than the advanced watermark counts as late. With idle
 * progress off, an idle input is marked idle instead and holds nothing back, but moves nothing on.
 *
 * <p>An input that has seen no alert at all is marked idle after the idleness period, so it never
 * holds back the others.
 */
public final class AlertWatermarks implements WatermarkStrategy<Alert> {

  private static final long serialVersionUID = 1L;

  private final Duration outOfOrderness;
  private final Duration idleness;
  private final boolean idleProgress;

  public AlertWatermarks(Duration outOfOrderness, Duration idleness, boolean idleProgress) {
    this.outOfOrderness = outOfOrderness;
    this.idleness = idleness;
    this.idleProgress = idleProgress;
  }

  @Override
  public TimestampAssigner<Alert> createTimestampAssigner(
      TimestampAssignerSupplier.Context context) {
    return (alert, recordTimestamp) -> AlertTimes.eventTime(alert);
  }

  @Override
  public WatermarkGenerator<Alert> createWatermarkGenerator(
      WatermarkGeneratorSupplier.Context context) {
    return new Generator(
        outOfOrderness.toMillis(), idleness.toMillis(), idleProgress, System::currentTimeMillis);
  }

  /** Bounded out-of-orderness, with idle progress or idleness as described above. */
  static final class Generator implements WatermarkGenerator<Alert> {
    private final long outOfOrderness;
    private final long idleness;
    private final boolean idleProgress;
    private final LongSupplier clock;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastEventAt;
    private boolean idle;

    Generator(long outOfOrderness, long idleness, boolean idleProgress, LongSupplier clock) {
      this.outOfOrderness = outOfOrderness;
      this.idleness = idleness;
      this.idleProgress = idleProgress;
      this.clock = clock;
      this.lastEventAt = clock.getAsLong();
    }

    @Override
    public void onEvent(Alert event, long eventTimestamp, WatermarkOutput output) {
      maxEventTime = Math.max(maxEventTime, eventTimestamp);
      lastEventAt = clock.getAsLong();
      idle = false;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      long quietFor = clock.getAsLong() - lastEventAt;
      if (maxEventTime == Long.MIN_VALUE || (!idleProgress && quietFor >= idleness)) {
        if (quietFor >= idleness && !idle) {
          idle = true;
          output.markIdle();
        }
        return;
      }
      long watermark = maxEventTime - outOfOrderness - 1;
      if (quietFor > idleness) {
        watermark += quietFor - idleness;
      }
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
