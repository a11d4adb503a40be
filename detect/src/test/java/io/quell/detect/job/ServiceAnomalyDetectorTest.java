/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import static io.quell.detect.testing.Fixtures.MONDAY_0900;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.metric.CombinedLikelihood;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.detect.core.service.ServiceModel;
import io.quell.detect.core.service.ServiceModelReplay;
import io.quell.detect.core.service.ServiceModelSettings;
import io.quell.detect.testing.Fixtures;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MetricPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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
  private static final String CPU = "cpu_percent{service=\"checkout\"}";
  private static final String REQUESTS = "http_requests_per_second{service=\"checkout\"}";

  private static KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, SeriesVerdict>
      harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new ServiceAnomalyDetector(new ServiceModel(ServiceModelSettings.defaults()), EXPIRY)),
        point -> point.getLabels().get("service"),
        Types.STRING);
  }

  /**
   * The checkout service's CPU follows its request rate, one point per series every 10 s; between
   * buckets 330 and 342 the CPU stays at its high while requests are at their low.
   */
  static List<MetricPoint> checkout() {
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

  private static int bucketOf(SeriesVerdict verdict) {
    return (int) ((verdict.getBucketEnd() - MONDAY_0900.toEpochMilli()) / BUCKET) - 1;
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, SeriesVerdict> harness,
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

  private static List<SeriesVerdict> inOrder(List<SeriesVerdict> verdicts) {
    return verdicts.stream()
        .sorted(
            Comparator.comparingLong(SeriesVerdict::getBucketEnd)
                .thenComparing(SeriesVerdict::getSeriesId))
        .toList();
  }

  @Test
  void shouldGiveTheSeriesThatStopFittingEachOtherAHighLikelihoodAndTheOthersALowOne()
      throws Exception {
    try (var harness = harness()) {
      harness.open();
      feed(harness, checkout(), 0, BUCKETS);

      List<SeriesVerdict> verdicts = harness.extractOutputValues();
      // three series, one verdict each per bucket once the model is fitted (after 64 buckets)
      assertThat(verdicts).hasSizeBetween(3 * (BUCKETS - 70), 3 * (BUCKETS - 64));
      double threshold = DetectOptions.defaults().likelihoodThreshold();
      assertThat(verdicts)
          .filteredOn(v -> v.getLikelihood() >= threshold)
          .isNotEmpty()
          .allSatisfy(
              v -> {
                assertThat(bucketOf(v)).isBetween(BREAK_FROM, BREAK_TO + 4);
                assertThat(v.getSeriesId()).isIn(CPU, REQUESTS);
              });
      SeriesVerdict cpu =
          verdicts.stream()
              .filter(v -> v.getSeriesId().equals(CPU) && bucketOf(v) == BREAK_FROM + 2)
              .findFirst()
              .orElseThrow();
      // cpu 64 where requests at their low make about 37 expected
      assertThat(cpu.getObserved()).isBetween(60.0, 68.0);
      assertThat(cpu.getExpected()).isBetween(25.0, 50.0);
      assertThat(cpu.getDeviation()).isGreaterThan(10);
    }
  }

  @Test
  void shouldSendWhatTheReplaySends() throws Exception {
    List<MetricPoint> points = checkout();
    try (var harness = harness()) {
      harness.open();
      feed(harness, points, 0, BUCKETS);
      harness.processWatermark(Long.MAX_VALUE);

      List<SeriesVerdict> replayed =
          ServiceModelReplay.verdicts(
                  new ServiceModel(ServiceModelSettings.defaults()), points, EXPIRY.toMillis())
              .values()
              .stream()
              .flatMap(byEnd -> byEnd.values().stream())
              .toList();
      assertThat(inOrder(harness.extractOutputValues())).isEqualTo(inOrder(replayed));
    }
  }

  @Test
  void shouldSendTheSameVerdictsAfterACheckpointAndRestore() throws Exception {
    List<MetricPoint> points = checkout();
    List<SeriesVerdict> uninterrupted;
    try (var harness = harness()) {
      harness.open();
      feed(harness, points, 0, BUCKETS);
      uninterrupted =
          harness.extractOutputValues().stream().filter(v -> bucketOf(v) >= 320).toList();
    }

    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      feed(before, points, 0, 320);
      // the points of bucket 320 are in, its bucket not closed yet
      for (MetricPoint point : points.subList(320 * 9, 320 * 9 + 9)) {
        before.processElement(point, point.getTimestamp().toEpochMilli());
      }
      snapshot = before.snapshot(1, endOfBucket(319));
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      after.processWatermark(endOfBucket(320));
      feed(after, points, 321, BUCKETS);

      assertThat(after.extractOutputValues()).isNotEmpty().isEqualTo(uninterrupted);
    }
  }

  @Test
  void shouldJudgeEachBucketByItsOwnPointsWhenTheNextBucketsArriveFirst() throws Exception {
    List<MetricPoint> points = checkout();
    List<SeriesVerdict> inOrder;
    try (var harness = harness()) {
      harness.open();
      feed(harness, points, 0, BUCKETS);
      inOrder = harness.extractOutputValues();
    }

    try (var harness = harness()) {
      harness.open();
      // The watermark trails by a bucket: the points of bucket b + 1 are in before b closes, and
      // each bucket's points come in reverse.
      for (int bucket = 0; bucket < BUCKETS; bucket++) {
        List<MetricPoint> reversed = new ArrayList<>(points.subList(bucket * 9, bucket * 9 + 9));
        Collections.reverse(reversed);
        for (MetricPoint point : reversed) {
          harness.processElement(point, point.getTimestamp().toEpochMilli());
        }
        if (bucket > 0) {
          harness.processWatermark(endOfBucket(bucket - 1));
        }
      }
      harness.processWatermark(endOfBucket(BUCKETS - 1));

      assertThat(harness.extractOutputValues()).isNotEmpty().isEqualTo(inOrder);
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

  @Test
  void shouldAlertOnTheSeriesThatStopsFittingThroughItsOwnAlertWhereItsOwnScorerStaysQuiet() {
    List<MetricPoint> points = checkout();
    DetectOptions combined = DetectOptions.defaults();
    DetectOptions alone =
        DetectOptions.fromConfig(Map.of(DetectOptions.SERVICE_MODEL_ENABLED.key(), "false"));

    List<Alert> withModel = DetectJob.replayMetrics(combined, points);
    List<Alert> withoutModel = DetectJob.replayMetrics(alone, points);

    assertThat(withoutModel).filteredOn(a -> a.getStatus() == AlertStatus.FIRING).isEmpty();
    List<Alert> firing =
        withModel.stream().filter(a -> a.getStatus() == AlertStatus.FIRING).toList();
    assertThat(firing)
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.getEvidence().getSeriesId()).isIn(CPU, REQUESTS);
              long bucket = (a.getStartsAt().toEpochMilli() - MONDAY_0900.toEpochMilli()) / BUCKET;
              assertThat(bucket).isBetween((long) BREAK_FROM, BREAK_TO + 2L);
              assertThat(a.getDetector()).isEqualTo(CombinedLikelihood.SERIES_DETECTOR);
              assertThat(a.getAnnotations().get("detectors"))
                  .startsWith(CombinedLikelihood.SERVICE_DETECTOR);
              assertThat(Double.parseDouble(a.getAnnotations().get("service_likelihood")))
                  .isGreaterThan(Double.parseDouble(a.getAnnotations().get("series_likelihood")));
              // the value the other series make expected, not the series' own expectation
              assertThat(a.getEvidence().getExpectedValue())
                  .isCloseTo(
                      Double.parseDouble(a.getAnnotations().get("service_expected")),
                      within(0.01 * Math.abs(a.getEvidence().getExpectedValue()) + 0.01));
            });
    assertThat(withModel)
        .filteredOn(a -> a.getStatus() == AlertStatus.RESOLVED)
        .hasSameSizeAs(firing.stream().map(Alert::getFingerprint).distinct().toList());
  }
}
