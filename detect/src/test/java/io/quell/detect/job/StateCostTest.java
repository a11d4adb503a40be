/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.logs.ErrorBaseline;
import io.quell.detect.core.logs.IntervalTally;
import io.quell.detect.core.logs.TemplateStats;
import io.quell.detect.core.logs.template.MinedTemplate;
import io.quell.detect.core.logs.template.TemplateMinerState;
import io.quell.detect.core.metric.Judgement;
import io.quell.detect.core.metric.MetricAlerts;
import io.quell.detect.core.metric.RollingWindow;
import io.quell.detect.core.service.BucketValues;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.detect.core.service.ServiceModelState;
import io.quell.detect.testing.Fixtures;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.topic.RecordKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a key costs in state, measured with Flink's own serializers and snapshots (the numbers in
 * detect/README.md come from this test's log), and that no state falls back to Kryo.
 */
class StateCostTest {
  private static final Logger LOG = LoggerFactory.getLogger(StateCostTest.class);
  private static final int SERIES = 1000;

  private static <T> int serializedBytes(Class<T> type, T value) throws Exception {
    TypeSerializer<T> serializer =
        TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    return out.length();
  }

  @Test
  void shouldKeepEveryStateInFlinksOwnSerializersNotKryo() {
    for (Class<?> pojo :
        new Class<?>[] {
          RollingWindow.class,
          AlertEpisode.class,
          ActivityClock.class,
          ErrorBaseline.class,
          IntervalTally.class,
          TemplateStats.class,
          TemplateMinerState.class,
          MinedTemplate.class,
          SeriesVerdict.class,
          BucketValues.class,
          ServiceModelState.class
        }) {
      assertThat(TypeInformation.of(pojo))
          .as(pojo.getSimpleName())
          .isInstanceOf(PojoTypeInfo.class);
    }
    // the template state's fields too: a list of templates, arrays of tokens and counts
    for (Class<?> pojo :
        new Class<?>[] {
          TemplateStats.class,
          TemplateMinerState.class,
          MinedTemplate.class,
          ServiceModelState.class,
          BucketValues.class
        }) {
      PojoTypeInfo<?> info = (PojoTypeInfo<?>) TypeInformation.of(pojo);
      for (int i = 0; i < info.getArity(); i++) {
        assertThat(info.getPojoFieldAt(i).getTypeInformation())
            .as(pojo.getSimpleName() + "." + info.getPojoFieldAt(i).getField().getName())
            .isNotInstanceOf(GenericTypeInfo.class);
      }
    }
    assertThat(TypeInformation.of(MetricPoint.class)).isInstanceOf(AvroTypeInfo.class);
    assertThat(TypeInformation.of(Alert.class)).isInstanceOf(AvroTypeInfo.class);
  }

  @Test
  void shouldCostAWarmSeriesAboutAKilobyteInACheckpoint() throws Exception {
    int windowPoints = DetectOptions.defaults().metricSettings().windowPoints();
    RollingWindow window = new RollingWindow();
    for (int i = 0; i < windowPoints; i++) {
      window.add(i, windowPoints);
    }
    MetricPoint series = Fixtures.latency(0, 0.25);
    int windowBytes = serializedBytes(RollingWindow.class, window);
    int seriesBytes = serializedBytes(MetricPoint.class, series);
    int clockBytes = serializedBytes(ActivityClock.class, new ActivityClock(1, 2));
    int episodeBytes = serializedBytes(AlertEpisode.class, new AlertEpisode());
    Alert firing =
        MetricAlerts.firing(
            "robust-baseline",
            Fixtures.latency(32, 0.5),
            Fixtures.latency(30, 0.5).getTimestamp().toEpochMilli(),
            Judgement.of(16.86, 0.25, 0.0148),
            16.86,
            Severity.CRITICAL,
            5);
    int openAlertBytes = serializedBytes(Alert.class, firing);
    assertThat(windowBytes)
        .as(windowPoints + " doubles and their bookkeeping")
        .isBetween(8 * windowPoints, 8 * windowPoints + 60);

    long snapshotBytes;
    long settledBytes;
    try (var harness =
        MetricHarness.opened(
            new MetricAnomalyDetector<RollingWindow>(
                DetectJob.robustBaselineMonitor(DetectOptions.defaults()), Duration.ofHours(1)))) {
      long start = Fixtures.MONDAY_0900.toEpochMilli();
      // A full window and ten points more: the state of a warm series.
      int steps = windowPoints + 10;
      for (int step = 0; step < steps; step++) {
        long at = start + step * 10_000L;
        for (int s = 0; s < SERIES; s++) {
          MetricPoint point =
              Fixtures.point(
                  "http_request_duration_p99_seconds",
                  Map.of("service", "service-" + s, "tier", "backend"),
                  Instant.ofEpochMilli(at),
                  0.25 + (step % 3) * 0.01);
          harness.processElement(point, at);
        }
        harness.processWatermark(at - 30_000);
      }
      snapshotBytes = harness.snapshot(1, start).getStateSize();
      harness.processWatermark(start + (steps - 1) * 10_000L);
      settledBytes = harness.snapshot(2, start).getStateSize();
    }
    long perSeries = snapshotBytes / SERIES;
    LOG.info(
        "state per metric series: window {} B, series {} B, clock {} B, idle episode {} B,"
            + " open alert {} B;"
            + " checkpoint of {} warm series with 3 pending points each: {} B, {} B per series;"
            + " with none pending: {} B per series",
        windowBytes,
        seriesBytes,
        clockBytes,
        episodeBytes,
        openAlertBytes,
        SERIES,
        snapshotBytes,
        perSeries,
        settledBytes / SERIES);
    assertThat(perSeries).isBetween(300L, 1500L);
    assertThat(settledBytes).isLessThan(snapshotBytes);
  }

  /**
   * The combination's cost per series: the metric operator's state of a series with the anomaly
   * scorer and the service model's latest verdict (and the ones waiting for the watermark), against
   * the same series without verdicts; and the service operator's state per service, shared by its
   * series.
   */
  @Test
  void shouldCostASeriesAFewHundredBytesMoreForTheServiceModelsVerdicts() throws Exception {
    int services = 25;
    int perService = 8;
    int steps = 900;
    long start = Fixtures.MONDAY_0900.toEpochMilli();
    long bucketMs = DetectOptions.defaults().serviceModelSettings().bucketMillis();
    long[] metricBytes = new long[2];
    for (int withVerdicts = 0; withVerdicts < 2; withVerdicts++) {
      try (var harness =
          MetricHarness.opened(
              new MetricAnomalyDetector<>(
                  DetectJob.likelihoodMonitor(DetectOptions.defaults()), Duration.ofHours(1)))) {
        Random random = new Random(3);
        for (int step = 0; step < steps; step++) {
          long at = start + step * 10_000L;
          for (int s = 0; s < services * perService; s++) {
            MetricPoint point = seriesPoint(s, perService, at, random);
            harness.processElement(point, at);
            if (withVerdicts == 1 && (at - start) % bucketMs == 0) {
              harness.processVerdict(
                  new SeriesVerdict(RecordKeys.seriesId(point), at, 0.1, 1.2, 0.25, 0.26), at);
            }
          }
          harness.processWatermark(at - 30_000);
        }
        metricBytes[withVerdicts] = harness.snapshot(1, start).getStateSize();
      }
    }
    long serviceBytes;
    try (var harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new ServiceAnomalyDetector(
                DetectJob.serviceModel(DetectOptions.defaults()), Duration.ofHours(1)),
            (MetricPoint point) -> point.getLabels().get("service"),
            Types.STRING)) {
      Random random = new Random(3);
      for (int step = 0; step < steps; step++) {
        long at = start + step * 10_000L;
        for (int s = 0; s < services * perService; s++) {
          harness.processElement(seriesPoint(s, perService, at, random), at);
        }
        harness.processWatermark(at - 30_000);
      }
      assertThat(harness.extractOutputValues()).isNotEmpty();
      serviceBytes = harness.snapshot(1, start).getStateSize();
    }
    int seriesCount = services * perService;
    long withoutVerdicts = metricBytes[0] / seriesCount;
    long withVerdicts = metricBytes[1] / seriesCount;
    long servicePerSeries = serviceBytes / seriesCount;
    LOG.info(
        "state per metric series (anomaly scorer, {} series, 3 points pending): {} B alone, {} B"
            + " with the service model's verdicts (+{} B); service model: {} B per service of {}"
            + " series, {} B per series; combined: {} B per series",
        seriesCount,
        withoutVerdicts,
        withVerdicts,
        withVerdicts - withoutVerdicts,
        serviceBytes / services,
        perService,
        servicePerSeries,
        withVerdicts + servicePerSeries);
    assertThat(withVerdicts - withoutVerdicts).isBetween(50L, 600L);
    // the ring of 256 vectors is most of it: 256 × 8 bytes per series
    assertThat(servicePerSeries).isBetween(256L * 8, 256L * 8 + 1500);
  }

  private static MetricPoint seriesPoint(int s, int perService, long at, Random random) {
    return Fixtures.point(
        "metric_" + (s % perService),
        Map.of("service", "service-" + (s / perService)),
        Instant.ofEpochMilli(at),
        10 + (s % perService) + random.nextGaussian() * 0.1);
  }

  @Test
  void shouldCostAQuietServiceAFewDozenBytesInACheckpoint() throws Exception {
    int services = 1000;
    long snapshotBytes;
    try (var harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new ErrorBurstDetector(
                DetectJob.serviceMonitor(DetectOptions.defaults()), Duration.ofHours(1)),
            LogEvent::getService,
            Types.STRING)) {
      long start = Fixtures.MONDAY_0900.toEpochMilli();
      for (int minute = 0; minute < 5; minute++) {
        long at = start + minute * 60_000L;
        for (int s = 0; s < services; s++) {
          harness.processElement(
              Fixtures.log("service-" + s, Instant.ofEpochMilli(at), LogLevel.INFO, "ok"), at);
        }
        harness.processWatermark(at + 59_999);
      }
      snapshotBytes = harness.snapshot(1, start).getStateSize();
    }
    LOG.info(
        "checkpoint of {} quiet services: {} B, {} B per service",
        services,
        snapshotBytes,
        snapshotBytes / services);
    assertThat(snapshotBytes / services).isBetween(20L, 256L);
  }

  @Test
  void shouldCostAServiceWithTwentyTemplatesAFewKilobytesPerTemplateInACheckpoint()
      throws Exception {
    int services = 50;
    int templates = 20;
    long snapshotBytes;
    try (var harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new LogTemplateDetector<>(
                DetectJob.templateWatch(DetectOptions.defaults()), Duration.ofHours(1)),
            LogEvent::getService,
            Types.STRING)) {
      long start = Fixtures.MONDAY_0900.toEpochMilli();
      // 30 minutes: every count series has its full window of 20 warm-up points and more
      for (int minute = 0; minute < 30; minute++) {
        long at = start + minute * 60_000L;
        for (int s = 0; s < services; s++) {
          for (int t = 0; t < templates; t++) {
            char letter = (char) ('a' + t);
            String message =
                "job"
                    + letter
                    + " stage"
                    + letter
                    + " done"
                    + letter
                    + " in "
                    + (minute + 3)
                    + " ms";
            harness.processElement(
                Fixtures.log("service-" + s, Instant.ofEpochMilli(at + t), LogLevel.INFO, message),
                at + t);
          }
        }
        harness.processWatermark(at + 59_999);
      }
      assertThat(harness.extractOutputValues()).isEmpty();
      snapshotBytes = harness.snapshot(1, start).getStateSize();
    }
    long perTemplate = snapshotBytes / services / templates;
    LOG.info(
        "checkpoint of {} services with {} templates each: {} B, {} B per service, {} B per"
            + " template",
        services,
        templates,
        snapshotBytes,
        snapshotBytes / services,
        perTemplate);
    assertThat(perTemplate).isBetween(200L, 4096L);
  }
}
