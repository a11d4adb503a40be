/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

/**
 * How unusual a series' recent raw anomaly scores are, compared with its own history: the average
 * of the last few raw scores is placed on a Gaussian fitted to the earlier averages (mean and
 * variance weighted exponentially, so the history adapts), and its upper-tail probability is turned
 * into a score in [0, 1]: {@code log(1 − likelihood) / log(10⁻¹⁰)}. A series whose raw scores are
 * always noisy needs more to look unusual than a quiet one, which is what lets one threshold serve
 * every series.
 *
 * <p>State is a plain bean for Flink: a ring of the last raw scores and four numbers.
 */
public class AnomalyLikelihood {
  /** The likelihood that maps to a score of 1. */
  private static final double CEILING = 1e-10;

  private static final double MIN_DEVIATION = 1e-4;

  private double[] recent;
  private int recentSize;
  private int recentNext;
  private double recentSum;
  private long seen;
  private double mean;
  private double variance;

  public AnomalyLikelihood() {}

  /**
   * Adds a raw score and returns the likelihood score of the recent ones; 0 while fewer than {@code
   * learnPoints} were seen.
   *
   * @param window how many raw scores are averaged
   * @param decay the weight of the newest average once the history is long ({@link
   *     #decayOfHalfLife})
   */
  public double update(double raw, int window, double decay, int learnPoints) {
    if (recent == null || recent.length != window) {
      recent = new double[window];
      recentSize = 0;
      recentNext = 0;
      recentSum = 0;
    }
    if (recentSize == window) {
      recentSum -= recent[recentNext];
    } else {
      recentSize++;
    }
    recent[recentNext] = raw;
    recentNext = (recentNext + 1) % window;
    recentSum += raw;
    double average = recentSum / recentSize;
    seen++;

    double score = 0;
    if (seen > learnPoints) {
      double deviation = Math.max(Math.sqrt(variance), MIN_DEVIATION);
      double tail = upperTail((average - mean) / deviation);
      score = Math.log(tail + CEILING) / Math.log(CEILING);
      score = Math.min(1, Math.max(0, score));
    }
    // Learn after judging: the point is compared with what came before it.
    double alpha = seen == 1 ? 1 : Math.max(1.0 / seen, decay);
    double delta = average - mean;
    mean += alpha * delta;
    variance = (1 - alpha) * (variance + alpha * delta * delta);
    return score;
  }

  /** The decay after which a past average weighs half as much {@code halfLife} points later. */
  public static double decayOfHalfLife(int halfLife) {
    return 1 - Math.pow(0.5, 1.0 / halfLife);
  }

  /** P(Z > z) for a standard normal Z (Numerical Recipes' erfc, |error| < 1.2e-7). */
  static double upperTail(double z) {
    double x = z / Math.sqrt(2);
    double t = 1 / (1 + 0.5 * Math.abs(x));
    double erfc =
        t
            * Math.exp(
                -x * x
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return 0.5 * (x >= 0 ? erfc : 2 - erfc);
  }

  public double[] getRecent() {
    return recent;
  }

  public void setRecent(double[] recent) {
    this.recent = recent;
  }

  public int getRecentSize() {
    return recentSize;
  }

  public void setRecentSize(int recentSize) {
    this.recentSize = recentSize;
  }

  public int getRecentNext() {
    return recentNext;
  }

  public void setRecentNext(int recentNext) {
    this.recentNext = recentNext;
  }

  public double getRecentSum() {
    return recentSum;
  }

  public void setRecentSum(double recentSum) {
    this.recentSum = recentSum;
  }

  public long getSeen() {
    return seen;
  }

  public void setSeen(long seen) {
    this.seen = seen;
  }

  public double getMean() {
    return mean;
  }

  public void setMean(double mean) {
    this.mean = mean;
  }

  public double getVariance() {
    return variance;
  }

  public void setVariance(double variance) {
    this.variance = variance;
  }
}
