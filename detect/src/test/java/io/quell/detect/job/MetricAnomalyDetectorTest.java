/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import static io.quell.detect.testing.Fixtures.latency;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.Alerts;
import io.quell.detect.core.metric.MetricReplay;
import io.quell.detect.core.metric.RollingWindow;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MetricPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

class MetricAnomalyDetectorTest {
  private static final Duration EXPIRY = Duration.ofMinutes(30);
  private static final long STEP_MS = 10_000;
  private static final double[] CALM = {0.24, 0.25, 0.26};

  private final DetectOptions options = DetectOptions.defaults();

  private MetricHarness harness() throws Exception {
    return MetricHarness.opened(
        new MetricAnomalyDetector<RollingWindow>(DetectJob.robustBaselineMonitor(options), EXPIRY));
  }

  /** 30 calm points, 6 at twice the latency, 10 calm again: one FIRING, one RESOLVED. */
  private static List<MetricPoint> episode() {
    List<MetricPoint> points = new ArrayList<>();
    for (int step = 0; step < 46; step++) {
      boolean fault = step >= 30 && step < 36;
      points.add(latency(step, fault ? 0.5 : CALM[step % CALM.length]));
    }
    return points;
  }

  private static long at(int step) {
    return latency(step, 0).getTimestamp().toEpochMilli();
  }

  private static void feed(MetricHarness harness, List<MetricPoint> points) throws Exception {
    for (MetricPoint point : points) {
      harness.processElement(point, point.getTimestamp().toEpochMilli());
    }
  }

  @Test
  void shouldFireAfterSustainedDeviationAndResolveAfterRecovery() throws Exception {
    try (var harness = harness()) {
      List<MetricPoint> points = episode();
      for (MetricPoint point : points) {
        harness.processElement(point, point.getTimestamp().toEpochMilli());
        // the watermark trails the points by 30 s, as the job's default out-of-orderness does
        harness.processWatermark(point.getTimestamp().toEpochMilli() - 30_000);
      }
      assertThat(harness.numEventTimeTimers())
          .as("the last three points wait for the watermark; plus the expiry timer")
          .isEqualTo(4);

      harness.processWatermark(at(45));

      List<Alert> alerts = harness.extractOutputValues();
      assertThat(alerts)
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
      assertThat(alerts)
          .extracting(Alert::getFingerprint)
          .containsOnly(alerts.get(0).getFingerprint());
      assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp())
          .as("an alert carries the event time of the point that fired it")
          .isEqualTo(at(32));
      assertThat(alerts)
          .isEqualTo(MetricReplay.replay(DetectJob.robustBaselineMonitor(options), points));
      // what a quiet, warm series keeps: its name and labels, its window and its clock
      assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
      assertThat(harness.numEventTimeTimers()).as("only the expiry timer").isEqualTo(1);

      harness.processWatermark(at(45) + EXPIRY.toMillis());

      assertThat(harness.extractOutputValues()).hasSize(2);
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void shouldJudgePointsInEventTimeOrderWhateverTheArrivalOrder() throws Exception {
    List<MetricPoint> inOrder = episode();
    List<MetricPoint> shuffled = new ArrayList<>();
    Random random = new Random(3);
    // shuffle within blocks of three steps (30 s), the out-of-orderness the watermark allows
    for (int from = 0; from < inOrder.size(); from += 3) {
      List<MetricPoint> block =
          new ArrayList<>(inOrder.subList(from, Math.min(from + 3, inOrder.size())));
      Collections.shuffle(block, random);
      shuffled.addAll(block);
    }
    assertThat(shuffled).isNotEqualTo(inOrder);

    try (var ordered = harness();
        var disordered = harness()) {
      feed(ordered, inOrder);
      feed(disordered, shuffled);
      ordered.processWatermark(at(45));
      disordered.processWatermark(at(45));

      assertThat(disordered.extractOutputValues())
          .hasSize(2)
          .isEqualTo(ordered.extractOutputValues());
    }
  }

  @Test
  void shouldDropPointsThatArriveBehindTheWatermark() throws Exception {
    try (var harness = harness()) {
      harness.processWatermark(at(10));

      harness.processElement(latency(10, 0.25), at(10));
      harness.processElement(latency(3, 0.25), at(3));

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void shouldResolveAFiringAlertAndClearItsStateWhenTheSeriesFallsSilent() throws Exception {
    try (var harness = harness()) {
      feed(harness, episode().subList(0, 34));
      harness.processWatermark(at(33));
      assertThat(harness.extractOutputValues())
          .singleElement()
          .extracting(Alert::getStatus)
          .isEqualTo(AlertStatus.FIRING);

      harness.processWatermark(at(33) + EXPIRY.toMillis() - 1);
      assertThat(harness.extractOutputValues()).as("not silent for long enough yet").hasSize(1);
      harness.processWatermark(at(33) + EXPIRY.toMillis());

      List<Alert> alerts = harness.extractOutputValues();
      assertThat(alerts).hasSize(2);
      assertThat(alerts.get(1).getStatus()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(alerts.get(1).getAnnotations())
          .containsEntry(Alerts.RESOLVED_REASON, Alerts.FELL_SILENT);
      assertThat(alerts.get(1).getEndsAt().toEpochMilli()).isEqualTo(at(33));
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void shouldMoveTheExpiryWithEveryPointOfABusySeries() throws Exception {
    try (var harness = harness()) {
      harness.processElement(latency(0, 0.25), at(0));
      harness.processWatermark(at(0));
      harness.processElement(latency(1, 0.25), at(1));
      harness.processWatermark(at(1));

      harness.processWatermark(at(0) + EXPIRY.toMillis());
      assertThat(harness.numKeyedStateEntries()).as("last point at step 1 keeps it").isEqualTo(3);
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      harness.processWatermark(at(1) + EXPIRY.toMillis());
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void shouldKeepDetectingAcrossACheckpointAndRestore() throws Exception {
    List<MetricPoint> points = episode();
    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      feed(before, points.subList(0, 34));
      before.processWatermark(at(33));
      assertThat(before.extractOutputValues()).hasSize(1);
      snapshot = before.snapshot(1, at(33));
    }

    try (var after =
        MetricHarness.of(
            new MetricAnomalyDetector<RollingWindow>(
                DetectJob.robustBaselineMonitor(options), EXPIRY))) {
      after.initializeState(snapshot);
      after.open();
      feed(after, points.subList(34, points.size()));
      after.processWatermark(at(45));

      List<Alert> expected = MetricReplay.replay(DetectJob.robustBaselineMonitor(options), points);
      assertThat(after.extractOutputValues()).containsExactly(expected.get(1));
    }
  }
}
