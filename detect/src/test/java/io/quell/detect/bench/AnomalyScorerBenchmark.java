/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.bench;

import io.quell.detect.core.anomaly.AnomalyScore;
import io.quell.detect.core.anomaly.AnomalyScorer;
import io.quell.detect.core.anomaly.AnomalySettings;
import io.quell.detect.core.anomaly.AnomalyState;
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
 * have learned (their windows full and, for the seasonal one, its period found). One operation is
 * one point, so JMH's ops/s are points/s.
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

  /** For the smoke test: the states after set-up. */
  AnomalyState seasonalState() {
    return seasonal;
  }
}
