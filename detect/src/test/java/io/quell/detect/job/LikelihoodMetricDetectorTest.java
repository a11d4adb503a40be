/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import static io.quell.detect.testing.Fixtures.latency;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.Alerts;
import io.quell.detect.core.metric.CombinedLikelihood;
import io.quell.detect.core.metric.LikelihoodMonitor;
import io.quell.detect.core.metric.MetricReplay;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.topic.RecordKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
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

  private MetricHarness harness() throws Exception {
    return MetricHarness.of(
        new MetricAnomalyDetector<>(DetectJob.likelihoodMonitor(options), EXPIRY));
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

  private static void feed(MetricHarness harness, List<MetricPoint> points) throws Exception {
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

  /**
   * A verdict per 30-s bucket ending at {@code step}: high for the buckets ending at CALM..CALM+9.
   */
  private static SeriesVerdict verdict(int step) {
    boolean broken = step >= CALM && step <= CALM + 9;
    return new SeriesVerdict(
        RecordKeys.seriesId(latency(step, 0)),
        at(step),
        broken ? 0.95 : 0.05,
        broken ? 9 : 1,
        0.25,
        broken ? 0.5 : 0.25);
  }

  /**
   * Calm points and, every third step, the service model's verdict on the series, which arrives
   * with the point of its bucket's end (before the watermark passes it); no verdict after the
   * broken ones, so the series resolves only once the last one went stale.
   */
  private static void feedWithVerdicts(MetricHarness harness, List<MetricPoint> points, int from)
      throws Exception {
    for (int step = from; step < points.size(); step++) {
      MetricPoint point = points.get(step);
      harness.processElement(point, at(step));
      if (Math.floorMod(step - CALM, 3) == 0 && step <= CALM + 9) {
        harness.processVerdict(verdict(step), at(step));
      }
      harness.processWatermark(at(step) - 30_000);
    }
  }

  private static TreeMap<Long, SeriesVerdict> verdicts() {
    TreeMap<Long, SeriesVerdict> verdicts = new TreeMap<>();
    for (int step = CALM % 3; step <= CALM + 9; step += 3) {
      verdicts.put(at(step), verdict(step));
    }
    return verdicts;
  }

  private static List<MetricPoint> calm() {
    Random random = new Random(6);
    List<MetricPoint> points = new ArrayList<>();
    for (int step = 0; step < CALM + AFTER; step++) {
      points.add(latency(step, 0.25 + random.nextGaussian() * 0.01));
    }
    return points;
  }

  @Test
  void shouldFireOnTheServiceModelsVerdictAndResolveOnceItWentStale() throws Exception {
    List<MetricPoint> points = calm();
    try (var harness = harness()) {
      harness.open();
      feedWithVerdicts(harness, points, 0);
      harness.processWatermark(at(points.size() - 1));

      List<Alert> alerts = harness.extractOutputValues();
      assertThat(alerts)
          .isEqualTo(
              MetricReplay.replay(
                  DetectJob.likelihoodMonitor(options),
                  points,
                  Map.of(RecordKeys.seriesId(points.get(0)), verdicts())));
      assertThat(alerts)
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
      Alert firing = alerts.get(0);
      assertThat(firing.getStartsAt().toEpochMilli()).isEqualTo(at(CALM));
      assertThat(firing.getAnnotations())
          .containsEntry("detectors", CombinedLikelihood.SERVICE_DETECTOR)
          .containsEntry("service_likelihood", "0.95")
          .containsKey("series_likelihood");
      assertThat(firing.getEvidence().getExpectedValue()).isEqualTo(0.5);
      // the last verdict (bucket ending at CALM + 9) counts for 60 s: up to step CALM + 15
      assertThat(alerts.get(1).getEndsAt().toEpochMilli()).isEqualTo(at(CALM + 16));
    }
  }

  @Test
  void shouldKeepTheServiceVerdictsAcrossASnapshotAndRestore() throws Exception {
    List<MetricPoint> points = calm();
    List<Alert> uninterrupted;
    try (var harness = harness()) {
      harness.open();
      feedWithVerdicts(harness, points, 0);
      harness.processWatermark(at(points.size() - 1));
      uninterrupted = harness.extractOutputValues();
    }
    // Cut while firing, with the latest verdict taken and the next ones still waiting.
    int cut = CALM + 7;
    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      feedWithVerdicts(before, points.subList(0, cut), 0);
      assertThat(before.extractOutputValues())
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING);
      snapshot = before.snapshot(1, at(cut - 1));
    }

    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      feedWithVerdicts(after, points, cut);
      after.processWatermark(at(points.size() - 1));

      assertThat(after.extractOutputValues()).containsExactly(uninterrupted.get(1));
    }
  }

  @Test
  void shouldKeepNoStateForAVerdictOnASeriesItNeverSaw() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processVerdict(
          new SeriesVerdict("cpu{service=\"gone\"}", at(3), 0.9, 9, 1, 2), at(3));
      harness.processWatermark(at(3));

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(harness.extractOutputValues()).isEmpty();
    }
  }
}
