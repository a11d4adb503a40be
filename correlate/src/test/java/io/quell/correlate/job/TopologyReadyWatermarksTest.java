/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.testing.DemoTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class TopologyReadyWatermarksTest {

  private final AtomicLong clock = new AtomicLong(1_000);
  private final RecordingOutput output = new RecordingOutput();

  @Test
  void shouldHoldEventTimeUntilTheTopologyWasQuietForTheSettlePeriod() {
    var generator = new TopologyReadyWatermarks.Generator<TopologyUpdate>(3_000, clock::get);

    clock.addAndGet(2_000);
    generator.onEvent(TopologyUpdate.upsert(DemoTopology.EDGES.get(0)), 0, output);
    clock.addAndGet(2_999);
    generator.onPeriodicEmit(output);
    assertThat(output.idleMarks).isZero();

    clock.addAndGet(1);
    generator.onPeriodicEmit(output);

    assertThat(output.idleMarks).isEqualTo(1);
    assertThat(output.watermarks).isEmpty();
  }

  @Test
  void shouldGoIdleOnceAndNeverEmitAWatermark() {
    var generator = new TopologyReadyWatermarks.Generator<TopologyUpdate>(3_000, clock::get);
    clock.addAndGet(3_000);
    generator.onPeriodicEmit(output);

    generator.onEvent(TopologyUpdate.upsert(DemoTopology.EDGES.get(1)), 0, output);
    clock.addAndGet(10_000);
    generator.onPeriodicEmit(output);

    assertThat(output.idleMarks).isEqualTo(1);
    assertThat(output.watermarks).isEmpty();
    assertThat(generator.idle()).isTrue();
  }

  private static final class RecordingOutput implements WatermarkOutput {
    final List<Watermark> watermarks = new ArrayList<>();
    int idleMarks;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark);
    }

    @Override
    public void markIdle() {
      idleMarks++;
    }

    @Override
    public void markActive() {}
  }
}
