/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import static io.quell.correlate.testing.TestAlerts.T0;
import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.avro.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class AlertWatermarksTest {

  private static final long BOUND = 30_000;
  private static final long IDLENESS = 10_000;
  private static final long EVENT = T0.toEpochMilli();

  private final AtomicLong clock = new AtomicLong(5_000_000);
  private final RecordingOutput output = new RecordingOutput();

  @Test
  void shouldTakeTheEventTimeFromTheAlert() {
    var strategy = new AlertWatermarks(Duration.ofMillis(BOUND), Duration.ofMillis(IDLENESS), true);
    var assigner = strategy.createTimestampAssigner(() -> null);
    Alert alert = firing("a1", "checkout", T0);

    assertThat(assigner.extractTimestamp(alert, 42L)).isEqualTo(EVENT);
    assertThat(assigner.extractTimestamp(resolved(alert, T0.plusSeconds(90)), 42L))
        .isEqualTo(EVENT + 90_000);
  }

  @Test
  void shouldTrailTheLatestAlertByTheBoundWhileAlertsFlow() {
    var generator = new AlertWatermarks.Generator(BOUND, IDLENESS, true, clock::get);

    generator.onEvent(firing("a1", "checkout", T0), EVENT, output);
    generator.onEvent(firing("a2", "checkout", T0), EVENT - 20_000, output);
    clock.addAndGet(IDLENESS);
    generator.onPeriodicEmit(output);

    assertThat(output.last()).isEqualTo(EVENT - BOUND - 1);
  }

  @Test
  void shouldMoveEventTimeOnWithTheClockOnceAlertsStopForTheIdlenessPeriod() {
    var generator = new AlertWatermarks.Generator(BOUND, IDLENESS, true, clock::get);
    generator.onEvent(firing("a1", "checkout", T0), EVENT, output);

    clock.addAndGet(IDLENESS + BOUND + 1);
    generator.onPeriodicEmit(output);

    // The lone alert is now behind the watermark: its incident can be published.
    assertThat(output.last()).isEqualTo(EVENT);
    assertThat(output.idleMarks).isZero();
  }

  @Test
  void shouldOnlyMarkIdleWithoutIdleProgress() {
    var generator = new AlertWatermarks.Generator(BOUND, IDLENESS, false, clock::get);
    generator.onEvent(firing("a1", "checkout", T0), EVENT, output);

    clock.addAndGet(IDLENESS + BOUND + 1);
    generator.onPeriodicEmit(output);

    assertThat(output.watermarks).isEmpty();
    assertThat(output.idleMarks).isEqualTo(1);
  }

  @Test
  void shouldMarkAnInputThatNeverSawAnAlertIdle() {
    var generator = new AlertWatermarks.Generator(BOUND, IDLENESS, true, clock::get);

    generator.onPeriodicEmit(output);
    assertThat(output.idleMarks).isZero();
    clock.addAndGet(IDLENESS);
    generator.onPeriodicEmit(output);
    generator.onPeriodicEmit(output);

    assertThat(output.idleMarks).isEqualTo(1);
    assertThat(output.watermarks).isEmpty();
  }

  private static final class RecordingOutput implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    int idleMarks;

    long last() {
      return watermarks.get(watermarks.size() - 1);
    }

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      idleMarks++;
    }

    @Override
    public void markActive() {}
  }
}
