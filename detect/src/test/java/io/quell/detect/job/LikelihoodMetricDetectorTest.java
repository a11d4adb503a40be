/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import static io.quell.detect.testing.Fixtures.latency;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.Alerts;
import io.quell.detect.core.metric.LikelihoodMonitor;
import io.quell.detect.core.metric.MetricReplay;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.topic.RecordKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The metric operator with the default detector, the anomaly scorer: alerts with hysteresis in
 * event time, its state across a snapshot and restore, and expiry of a silent series.
 */
class LikelihoodMetricDetectorTest {
  private static final Duration EXPIRY = Duration.ofMinutes(30);
  // Past the likelihood's first 300 points, which it only learns from.
  private static final int CALM = 350;
  private static final int FAULT = 12;
  private static final int AFTER = 40;

  private final DetectOptions options = DetectOptions.defaults();

  private KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, Alert> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new MetricAnomalyDetector<>(DetectJob.likelihoodMonitor(options), EXPIRY)),
        point -> RecordKeys.seriesId(point),
        Types.STRING);
  }

  /** {@value #CALM} calm points, {@value #FAULT} at more than twice the latency, calm again. */
  private static List<MetricPoint> episode() {
    Random random = new Random(5);
    List<MetricPoint> points = new ArrayList<>();
    for (int step = 0; step < CALM + FAULT + AFTER; step++) {
      boolean fault = step >= CALM && step < CALM + FAULT;
      points.add(latency(step, (fault ? 0.6 : 0.25) + random.nextGaussian() * 0.01));
    }
    return points;
  }

  private static long at(int step) {
    return latency(step, 0).getTimestamp().toEpochMilli();
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, Alert> harness,
      List<MetricPoint> points)
      throws Exception {
    for (MetricPoint point : points) {
      harness.processElement(point, point.getTimestamp().toEpochMilli());
      harness.processWatermark(point.getTimestamp().toEpochMilli() - 30_000);
    }
  }

  @Test
  void shouldFireOnceTheLikelihoodStayedHighAndResolveOnceItStayedLow() throws Exception {
    List<MetricPoint> points = episode();
    try (var harness = harness()) {
      harness.open();
      feed(harness, points);
      harness.processWatermark(at(points.size() - 1));

      List<Alert> alerts = harness.extractOutputValues();
      assertThat(alerts)
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
      assertThat(alerts)
          .isEqualTo(MetricReplay.replay(DetectJob.likelihoodMonitor(options), points));
      Alert firing = alerts.get(0);
      assertThat(firing.getDetector()).isEqualTo(LikelihoodMonitor.NAME);
      assertThat(firing.getStartsAt().toEpochMilli()).isBetween(at(CALM), at(CALM + 2));
      long firedAt = harness.extractOutputStreamRecords().get(0).getTimestamp();
      assertThat(firedAt - firing.getStartsAt().toEpochMilli())
          .as("fired once the likelihood stayed above the threshold for fire-after")
          .isEqualTo(options.likelihoodHysteresis().fireAfterMs());
      assertThat(firing.getScore()).isBetween(options.likelihoodThreshold(), 1.0);
      assertThat(firing.getEvidence().getObservedValue()).isGreaterThan(0.5);
      assertThat(firing.getEvidence().getExpectedValue()).isBetween(0.23, 0.27);
      assertThat(firing.getEvidence().getWindowStart()).isEqualTo(firing.getStartsAt());
      Alert resolved = alerts.get(1);
      assertThat(resolved.getEndsAt().toEpochMilli()).isGreaterThanOrEqualTo(at(CALM + FAULT));
      long resolvedAt = harness.extractOutputStreamRecords().get(1).getTimestamp();
      assertThat(resolvedAt - resolved.getEndsAt().toEpochMilli())
          .as("resolved once the likelihood stayed below the resolve threshold for resolve-after")
          .isEqualTo(options.likelihoodHysteresis().resolveAfterMs());
    }
  }

  @Test
  void shouldKeepTheScorersStateAndTheEpisodeAcrossASnapshotAndRestore() throws Exception {
    List<MetricPoint> points = episode();
    int cut = CALM + FAULT / 2;
    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      feed(before, points.subList(0, cut));
      before.processWatermark(at(cut - 1));
      assertThat(before.extractOutputValues())
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING);
      snapshot = before.snapshot(1, at(cut - 1));
    }

    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      feed(after, points.subList(cut, points.size()));
      after.processWatermark(at(points.size() - 1));

      List<Alert> expected = MetricReplay.replay(DetectJob.likelihoodMonitor(options), points);
      assertThat(after.extractOutputValues())
          .as("only the resolution: the restored episode does not fire again")
          .containsExactly(expected.get(1));
    }
  }

  @Test
  void shouldResolveAndForgetASeriesThatFallsSilentWhileFiring() throws Exception {
    List<MetricPoint> points = episode().subList(0, CALM + FAULT / 2);
    try (var harness = harness()) {
      harness.open();
      feed(harness, points);
      long last = at(points.size() - 1);
      harness.processWatermark(last);
      assertThat(harness.numKeyedStateEntries()).isPositive();

      harness.processWatermark(last + EXPIRY.toMillis());

      List<Alert> alerts = harness.extractOutputValues();
      assertThat(alerts)
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
      assertThat(alerts.get(1).getAnnotations())
          .containsEntry(Alerts.RESOLVED_REASON, Alerts.FELL_SILENT);
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }
}
