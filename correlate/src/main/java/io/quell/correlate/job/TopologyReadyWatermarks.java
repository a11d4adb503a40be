/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of a control stream (quell.topology, quell.silences), which carries no event time of
 * its own: it holds event time back until the stream has been quiet for the settle period (so the
 * first alerts are grouped with the topology and muted by the silences read at start-up), and from
 * then on it is idle and never holds anything back.
 *
 * <p>Why not watermarks from the records' Kafka timestamps: those are the producers' wall clock,
 * and while the alert input is idle they would drive event time and fire every timer. Why not a
 * final Long.MAX_VALUE watermark: the same. An idle input takes no part in the combined watermark,
 * and records that arrive later keep it idle (only watermarks make an input active again).
 *
 * <p>The settle period is processing time: it is about when the job has read the control topic, not
 * about when anything happened.
 */
public final class TopologyReadyWatermarks<T> implements WatermarkStrategy<T> {

  private static final long serialVersionUID = 1L;

  private final Duration settle;

  public TopologyReadyWatermarks(Duration settle) {
    this.settle = settle;
  }

  @Override
  public WatermarkGenerator<T> createWatermarkGenerator(
      WatermarkGeneratorSupplier.Context context) {
    return new Generator<>(settle.toMillis(), System::currentTimeMillis);
  }

  /** Holds the watermark back until nothing arrived for the settle period, then goes idle. */
  static final class Generator<T> implements WatermarkGenerator<T> {
    private final long settleMillis;
    private final LongSupplier clock;
    private long lastActivity;
    private boolean idle;

    Generator(long settleMillis, LongSupplier clock) {
      this.settleMillis = settleMillis;
      this.clock = clock;
      this.lastActivity = clock.getAsLong();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
      lastActivity = clock.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      if (!idle && clock.getAsLong() - lastActivity >= settleMillis) {
        idle = true;
        output.markIdle();
      }
    }

    boolean idle() {
      return idle;
    }
  }
}
