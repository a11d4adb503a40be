/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.core.anomaly.AnomalyScorer;
import io.quell.detect.core.anomaly.AnomalySettings;
import io.quell.detect.core.anomaly.AnomalyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ServiceModelTest {
  private static final long BUCKET = ServiceModelSettings.defaults().bucketMillis();
  private static final int BREAK_FROM = 700;
  private static final int BREAK_TO = 712;

  /**
   * A service whose CPU follows its request rate through a daily-like cycle; between buckets 700
   * and 712 the CPU stays at its daily high while requests are at their low: each value is within
   * its own usual range, the combination is not.
   */
  private static double[][] service(long seed) {
    Random random = new Random(seed);
    double[][] buckets = new double[1000][];
    for (int b = 0; b < buckets.length; b++) {
      double requests = 100 + 30 * Math.sin(2 * Math.PI * b / 120) + random.nextGaussian() * 2;
      double cpu = 0.5 * requests + random.nextGaussian();
      if (b >= BREAK_FROM && b < BREAK_TO) {
        cpu = 64 + random.nextGaussian();
      }
      double latency = 50 + random.nextGaussian() * 3;
      double errors = Math.abs(random.nextGaussian());
      buckets[b] = new double[] {requests, cpu, latency, errors};
    }
    return buckets;
  }

  private static final String[] SERIES = {"requests", "cpu", "latency_ms", "errors"};

  private static List<ServiceVerdict> play(
      ServiceModel model, ServiceModelState state, double[][] buckets, int from, int to) {
    List<ServiceVerdict> verdicts = new ArrayList<>();
    for (int b = from; b < to; b++) {
      for (int s = 0; s < SERIES.length; s++) {
        model.record(state, SERIES[s], buckets[b][s]);
      }
      verdicts.add(model.closeBucket(state, b * BUCKET));
    }
    return verdicts;
  }

  private static List<Integer> reportedBuckets(List<ServiceVerdict> verdicts) {
    return verdicts.stream()
        .filter(ServiceVerdict::reported)
        .map(v -> (int) (v.bucketStart() / BUCKET))
        .toList();
  }

  @Test
  void shouldReportACombinationThatIsUnusualAlthoughEachValueIsUsual() {
    double[][] buckets = service(1);
    ServiceModel model = new ServiceModel(ServiceModelSettings.defaults());

    List<ServiceVerdict> verdicts = play(model, new ServiceModelState(), buckets, 0, 1000);

    assertThat(reportedBuckets(verdicts))
        .singleElement()
        .satisfies(b -> assertThat(b).isBetween(BREAK_FROM, BREAK_TO));
    ServiceVerdict report = verdicts.stream().filter(ServiceVerdict::reported).findFirst().get();
    // Of two series that moved apart, either is the one that does not fit the other; the value the
    // other makes expected is far from the one observed (cpu 64 where requests of about 74 make
    // 37 expected, or requests of about 74 where cpu 64 makes 128 expected).
    assertThat(report.series()).isIn("cpu", "requests");
    assertThat(Math.abs(report.observed() - report.expected())).isGreaterThan(20);
    assertThat(report.deviation()).isGreaterThan(10);
    assertThat(verdicts.get(10).scored()).isFalse();
    assertThat(verdicts).allSatisfy(v -> assertThat(v.score()).isBetween(0.0, 1.0));
  }

  @Test
  void shouldSeeWhatThePerSeriesScorerCannot() {
    // The same CPU series alone: its values during the break are ones it had every cycle.
    double[][] buckets = service(1);
    AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults());
    AnomalyState state = new AnomalyState();
    List<Integer> reported = new ArrayList<>();
    for (int b = 0; b < buckets.length; b++) {
      if (scorer.score(state, buckets[b][1]).reported() && b > 300) {
        reported.add(b);
      }
    }

    assertThat(reported).noneMatch(b -> b >= BREAK_FROM && b < BREAK_TO + 5);
  }

  @Test
  void shouldScoreTheSameAfterARestore() throws Exception {
    double[][] buckets = service(2);
    ServiceModel running = new ServiceModel(ServiceModelSettings.defaults());
    ServiceModelState state = new ServiceModelState();
    play(running, state, buckets, 0, 430);
    assertThat(TypeInformation.of(ServiceModelState.class)).isInstanceOf(PojoTypeInfo.class);
    TypeSerializer<ServiceModelState> serializer =
        TypeInformation.of(ServiceModelState.class).createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(1 << 16);
    serializer.serialize(state, out);
    ServiceModelState restored =
        serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    List<ServiceVerdict> uninterrupted = play(running, state, buckets, 430, 1000);
    List<ServiceVerdict> afterRestore =
        play(new ServiceModel(ServiceModelSettings.defaults()), restored, buckets, 430, 1000);

    assertThat(afterRestore).isEqualTo(uninterrupted);
    assertThat(out.length()).isLessThan(256 * 4 * 8 + 1_000);
  }

  @Test
  void shouldFixTheFeaturesOnceTheModelIsFirstFitted() {
    ServiceModel model = new ServiceModel(ServiceModelSettings.defaults());
    ServiceModelState state = new ServiceModelState();
    double[][] buckets = service(3);
    play(model, state, buckets, 0, 30);
    // A series that appears before the first fit restarts the learning with it as a feature.
    model.record(state, "queue_depth", 3);
    assertThat(state.getSeries()).contains("queue_depth");
    assertThat(state.getVectors()).isZero();

    for (int b = 30; b < 200; b++) {
      model.record(state, "queue_depth", 3 + b % 2);
      for (int s = 0; s < SERIES.length; s++) {
        model.record(state, SERIES[s], buckets[b][s]);
      }
      model.closeBucket(state, b * BUCKET);
    }
    assertThat(state.getTrainings()).isPositive();
    long vectors = state.getVectors();
    // After it, a new series is left to the per-series detector.
    model.record(state, "http_errors{code=\"500\"}", 12);

    assertThat(state.getSeries()).hasSize(5).doesNotContain("http_errors{code=\"500\"}");
    assertThat(state.getVectors()).isEqualTo(vectors);
  }

  @Test
  void shouldGiveEachSeriesItsOwnLikelihoodAndNoneUnderTheMinimumDeviation() {
    double[][] buckets = service(1);
    ServiceModel model = new ServiceModel(ServiceModelSettings.defaults());

    List<SeriesVerdict> perSeries =
        play(model, new ServiceModelState(), buckets, 0, 1000).stream()
            .flatMap(v -> v.perSeries().stream())
            .toList();

    assertThat(perSeries).hasSizeGreaterThan(4 * 900);
    double floor = ServiceModelSettings.defaults().seriesMinDeviation();
    assertThat(perSeries)
        .filteredOn(v -> v.getDeviation() < floor)
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v.getLikelihood()).isZero());
    // only the two series that moved apart, only in (or just after) the break
    assertThat(perSeries)
        .filteredOn(v -> v.getLikelihood() >= 0.7)
        .isNotEmpty()
        .allSatisfy(
            v -> {
              assertThat(v.getSeriesId()).isIn("cpu", "requests");
              assertThat(v.getBucketEnd() / BUCKET - 1).isBetween((long) BREAK_FROM, BREAK_TO + 4L);
            });
  }

  @Test
  void shouldScoreTheSameWhateverOrderTheSeriesArriveIn() {
    double[][] buckets = service(4);
    ServiceModel model = new ServiceModel(ServiceModelSettings.defaults());
    ServiceModelState reversed = new ServiceModelState();
    List<ServiceVerdict> inReverse = new ArrayList<>();
    for (int b = 0; b < 400; b++) {
      for (int s = SERIES.length - 1; s >= 0; s--) {
        model.record(reversed, SERIES[s], buckets[b][s]);
      }
      inReverse.add(model.closeBucket(reversed, b * BUCKET));
    }

    assertThat(inReverse).isEqualTo(play(model, new ServiceModelState(), buckets, 0, 400));
    assertThat(reversed.getSeries()).isSorted();
  }
}
