/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import static io.quell.detect.testing.Fixtures.MONDAY_0900;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.core.Hysteresis;
import io.quell.detect.core.service.ServiceAlerts;
import io.quell.detect.core.service.ServiceModel;
import io.quell.detect.core.service.ServiceModelMonitor;
import io.quell.detect.core.service.ServiceModelSettings;
import io.quell.detect.testing.Fixtures;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MetricPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ServiceAnomalyDetectorTest {
  private static final long BUCKET = ServiceModelSettings.defaults().bucketMillis();
  private static final Duration EXPIRY = Duration.ofMinutes(30);
  // Requests are at the low of their cycle (360 steps, 120 buckets) around bucket 330.
  private static final int BREAK_FROM = 330;
  private static final int BREAK_TO = 342;
  private static final int BUCKETS = 400;

  private static ServiceModelMonitor monitor() {
    return new ServiceModelMonitor(
        new ServiceModel(ServiceModelSettings.defaults()), new Hysteresis(1, 3), 2, 6);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, Alert> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ServiceAnomalyDetector(monitor(), EXPIRY)),
        point -> point.getLabels().get("service"),
        Types.STRING);
  }

  /**
   * The checkout service's CPU follows its request rate, one point per series every 10 s; between
   * buckets 330 and 342 the CPU stays at its high while requests are at their low.
   */
  private static List<MetricPoint> checkout() {
    Random random = new Random(1);
    List<MetricPoint> points = new ArrayList<>();
    for (int step = 0; step < BUCKETS * 3; step++) {
      int bucket = step / 3;
      double requests = 100 + 30 * Math.sin(2 * Math.PI * step / 360) + random.nextGaussian() * 2;
      double cpu = 0.5 * requests + random.nextGaussian();
      if (bucket >= BREAK_FROM && bucket < BREAK_TO) {
        cpu = 64 + random.nextGaussian();
      }
      var at = MONDAY_0900.plusSeconds(10L * step);
      Map<String, String> labels = Map.of("service", "checkout");
      points.add(Fixtures.point("http_requests_per_second", labels, at, requests));
      points.add(Fixtures.point("cpu_percent", labels, at, cpu));
      points.add(Fixtures.point("latency_ms", labels, at, 50 + random.nextGaussian() * 3));
    }
    return points;
  }

  private static long endOfBucket(int bucket) {
    return MONDAY_0900.toEpochMilli() + (bucket + 1) * BUCKET - 1;
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, Alert> harness,
      List<MetricPoint> points,
      int fromBucket,
      int toBucket)
      throws Exception {
    for (int bucket = fromBucket; bucket < toBucket; bucket++) {
      for (MetricPoint point : points.subList(bucket * 9, bucket * 9 + 9)) {
        harness.processElement(point, point.getTimestamp().toEpochMilli());
      }
      harness.processWatermark(endOfBucket(bucket));
    }
  }

  @Test
  void shouldFireWhenTheServiceSeriesStopFittingEachOtherAndResolveWhenTheyFitAgain()
      throws Exception {
    try (var harness = harness()) {
      harness.open();
      feed(harness, checkout(), 0, BUCKETS);

      List<Alert> alerts = harness.extractOutputValues();
      assertThat(alerts)
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
      Alert firing = alerts.get(0);
      assertThat(firing.getDetector()).isEqualTo(ServiceAlerts.DETECTOR);
      assertThat(firing.getService()).isEqualTo("checkout");
      assertThat(firing.getFingerprint()).isEqualTo(ServiceAlerts.fingerprint("checkout"));
      long start = firing.getStartsAt().toEpochMilli();
      assertThat((start - MONDAY_0900.toEpochMilli()) / BUCKET)
          .isBetween((long) BREAK_FROM, (long) BREAK_TO);
      assertThat(firing.getEvidence().getSeriesId()).containsAnyOf("cpu_percent", "http_requests");
      assertThat(
              Math.abs(
                  firing.getEvidence().getObservedValue()
                      - firing.getEvidence().getExpectedValue()))
          .isGreaterThan(20);
      long resolvedAt = alerts.get(1).getEndsAt().toEpochMilli();
      assertThat((resolvedAt - MONDAY_0900.toEpochMilli()) / BUCKET)
          .isBetween((long) BREAK_TO, BREAK_TO + 8L);
    }
  }

  @Test
  void shouldGiveTheSameAlertsAfterACheckpointAndRestore() throws Exception {
    List<MetricPoint> points = checkout();
    List<Alert> uninterrupted;
    try (var harness = harness()) {
      harness.open();
      feed(harness, points, 0, BUCKETS);
      uninterrupted = harness.extractOutputValues();
    }

    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      feed(before, points, 0, 320);
      assertThat(before.extractOutputValues()).isEmpty();
      snapshot = before.snapshot(1, endOfBucket(319));
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      feed(after, points, 320, BUCKETS);

      assertThat(after.extractOutputValues()).hasSize(2).isEqualTo(uninterrupted);
    }
  }

  @Test
  void shouldJudgeEachBucketByItsOwnPointsWhenTheNextBucketsArriveFirst() throws Exception {
    List<MetricPoint> points = checkout();
    List<Alert> inOrder;
    try (var harness = harness()) {
      harness.open();
      feed(harness, points, 0, BUCKETS);
      inOrder = harness.extractOutputValues();
    }

    try (var harness = harness()) {
      harness.open();
      // The watermark trails by a bucket: the points of bucket b + 1 are in before b closes.
      for (int bucket = 0; bucket < BUCKETS; bucket++) {
        for (MetricPoint point : points.subList(bucket * 9, bucket * 9 + 9)) {
          harness.processElement(point, point.getTimestamp().toEpochMilli());
        }
        if (bucket > 0) {
          harness.processWatermark(endOfBucket(bucket - 1));
        }
      }
      harness.processWatermark(endOfBucket(BUCKETS - 1));

      assertThat(harness.extractOutputValues()).hasSize(2).isEqualTo(inOrder);
    }
  }

  @Test
  void shouldForgetAServiceThatFellSilent() throws Exception {
    try (var harness = harness()) {
      harness.open();
      feed(harness, checkout(), 0, 10);
      assertThat(harness.numKeyedStateEntries()).isPositive();

      harness.processWatermark(endOfBucket(10) + EXPIRY.toMillis() + BUCKET);

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }
}
