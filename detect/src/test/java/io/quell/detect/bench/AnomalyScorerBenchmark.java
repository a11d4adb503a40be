/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.bench;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.anomaly.AnomalyScore;
import io.quell.detect.core.anomaly.AnomalyScorer;
import io.quell.detect.core.anomaly.AnomalySettings;
import io.quell.detect.core.anomaly.AnomalyState;
import io.quell.detect.core.metric.LikelihoodMonitor;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.detect.job.DetectJob;
import io.quell.detect.testing.Fixtures;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.MetricPoint;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Points per second of the {@link AnomalyScorer} on one thread (one core), with JMH, on series that
 * have learned (their windows full and, for the seasonal one, its period found); and of the whole
 * per-point work of the default metric detector, {@link LikelihoodMonitor#observe}: the score, its
 * combination with a fresh service-model verdict, and the hysteresis. One operation is one point,
 * so JMH's ops/s are points/s.
 *
 * <p>Run: {@code mvn -o -B -pl detect -Pbench test-compile exec:exec} (see detect/README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnomalyScorerBenchmark {
  static final int POINTS = 8192;

  /** A period the scorer finds within its 600 points of learning (a day of 10-minute points). */
  static final int PERIOD = 144;

  private final AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults());
  private double[] plainValues;
  private double[] seasonalValues;
  private AnomalyState plain;
  private AnomalyState seasonal;
  private int next;

  private final LikelihoodMonitor monitor = DetectJob.likelihoodMonitor(DetectOptions.defaults());
  private AnomalyState judged;
  private final AlertEpisode episode = new AlertEpisode();
  private final SeriesVerdict verdict =
      new SeriesVerdict("bench_latency_ms{service=svc}", 0, 0.2, 0.5, 50, 50);
  private MetricPoint point;
  private long at = Fixtures.MONDAY_0900.toEpochMilli();

  @Setup
  public void setUp() {
    Random random = new Random(9);
    plainValues = new double[POINTS];
    seasonalValues = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      plainValues[i] = 50 + random.nextGaussian() * 3;
      seasonalValues[i] = 50 + 20 * Math.sin(2 * Math.PI * i / PERIOD) + random.nextGaussian() * 3;
    }
    plain = new AnomalyState();
    seasonal = new AnomalyState();
    for (int i = 0; i < POINTS; i++) {
      scorer.score(plain, plainValues[i]);
      scorer.score(seasonal, seasonalValues[i]);
    }
    judged = monitor.newState();
    point = Fixtures.point("bench_latency_ms", Map.of("service", "svc"), Fixtures.MONDAY_0900, 50);
    for (int i = 0; i < POINTS; i++) {
      judgePlainPointWithAServiceVerdict();
    }
  }

  @Benchmark
  public AnomalyScore scorePlainSeries() {
    int i = next;
    next = i + 1 == POINTS ? 0 : i + 1;
    return scorer.score(plain, plainValues[i]);
  }

  @Benchmark
  public AnomalyScore scoreSeasonalSeries() {
    int i = next;
    next = i + 1 == POINTS ? 0 : i + 1;
    return scorer.score(seasonal, seasonalValues[i]);
  }

  /**
   * The detector's whole work on a point, as the Flink operator calls it (minus Flink's state): a
   * new point 10 s after the last, judged with a verdict from the bucket that just ended.
   */
  @Benchmark
  public Optional<Alert> judgePlainPointWithAServiceVerdict() {
    int i = next;
    next = i + 1 == POINTS ? 0 : i + 1;
    at += 10_000;
    point.setTimestamp(Instant.ofEpochMilli(at));
    point.setValue(plainValues[i]);
    verdict.setBucketEnd(at - 5_000);
    return monitor.observe(point, judged, episode, null, verdict);
  }

  /** For the smoke test: the states after set-up. */
  AnomalyState seasonalState() {
    return seasonal;
  }
}
