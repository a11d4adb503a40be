/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import io.quell.detect.core.anomaly.AnomalyLikelihood;
import io.quell.detect.core.anomaly.RobustStatistics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The multivariate model of one service: a Gaussian over vectors made of the last value of each of
 * the service's series per event-time bucket, fitted again on a schedule to the newest vectors. It
 * finds combinations that are each normal but unusual together — CPU at its daily high while
 * requests are at their low — which a per-series detector cannot see, and it names the series that
 * fits the others least, with the value the others make expected for it.
 *
 * <p>Fitting: each feature is standardized by the median and robust spread of the training vectors;
 * the mean and covariance of the standardized vectors are computed, the {@code trimmedShare} of
 * vectors farthest from them (in Mahalanobis distance) are left out and the two are computed again,
 * so that a past incident inside the training window does not widen what counts as normal; a small
 * ridge keeps the covariance invertible when series move in lockstep. A vector's raw score is its
 * Mahalanobis distance per feature over {@code rawScale}, and its score the same {@link
 * AnomalyLikelihood} the per-series scorer uses, so one threshold serves both.
 *
 * <p>The features (series) are fixed once the model is first fitted; until then a new series starts
 * the learning again. Series that appear later are left to the per-series detector, so that a
 * series that only exists during errors (a status-code label, say) cannot blind the model when the
 * errors come. Everything is state; nothing is random, so a restored job scores exactly as the one
 * that stopped.
 */
public final class ServiceModel implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Added to the diagonal of the standardized covariance. */
  private static final double RIDGE = 1e-3;

  private final ServiceModelSettings settings;
  private final double likelihoodDecay;

  public ServiceModel(ServiceModelSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.likelihoodDecay = AnomalyLikelihood.decayOfHalfLife(settings.likelihoodHalfLife());
  }

  public ServiceModelSettings settings() {
    return settings;
  }

  /**
   * Notes {@code value} as the newest of {@code series}. A series beyond {@code maxSeries}, or new
   * after the first fit, is not a feature and is ignored; so are non-finite values.
   */
  public void record(ServiceModelState state, String series, double value) {
    int at = feature(state, series);
    if (at >= 0 && Double.isFinite(value)) {
      state.getLatest()[at] = value;
    }
  }

  /**
   * The index of {@code series} among the service's features, making it one while the model is not
   * fitted yet (which starts the learning again) and there is room; -1 when it is not one.
   */
  public int feature(ServiceModelState state, String series) {
    String[] known = state.getSeries();
    int at = Arrays.binarySearch(known, series);
    if (at >= 0) {
      return at;
    }
    if (state.getTrainings() > 0 || known.length >= settings.maxSeries()) {
      return -1;
    }
    // Sorted by id, so the features' order (and every sum over them) does not depend on the order
    // the series arrived in: the job, whose input is out of order, and the replay agree exactly.
    at = -at - 1;
    String[] grown = new String[known.length + 1];
    double[] latest = new double[known.length + 1];
    System.arraycopy(known, 0, grown, 0, at);
    System.arraycopy(state.getLatest(), 0, latest, 0, at);
    grown[at] = series;
    latest[at] = Double.NaN;
    System.arraycopy(known, at, grown, at + 1, known.length - at);
    System.arraycopy(state.getLatest(), at, latest, at + 1, known.length - at);
    state.setSeries(grown);
    state.setLatest(latest);
    restartLearning(state);
    return at;
  }

  /**
   * Closes the bucket starting at {@code bucketStart} with the newest value each series had in it:
   * records them, judges the vector ({@link #closeBucket(ServiceModelState, long)}) and returns the
   * verdict, whose {@link ServiceVerdict#perSeries()} holds only the series that had a value in the
   * bucket (a series that fell silent gets no verdict about a value it did not send).
   */
  public ServiceVerdict closeBucket(
      ServiceModelState state, long bucketStart, BucketValues values) {
    String[] series = values.getSeries();
    for (int i = 0; i < series.length; i++) {
      record(state, series[i], values.getValues()[i]);
    }
    ServiceVerdict verdict = closeBucket(state, bucketStart);
    if (verdict.perSeries().isEmpty()) {
      return verdict;
    }
    List<SeriesVerdict> sent = new ArrayList<>();
    for (SeriesVerdict v : verdict.perSeries()) {
      if (values.contains(v.getSeriesId())) {
        sent.add(v);
      }
    }
    return verdict.withPerSeries(List.copyOf(sent));
  }

  /**
   * Closes the bucket starting at {@code bucketStart}: its vector (the newest value of every
   * feature) is judged by the current fit, then kept for the next fits. Unscored while the model is
   * not fitted yet, while a feature has no value yet, or for a bucket not after the last one.
   */
  public ServiceVerdict closeBucket(ServiceModelState state, long bucketStart) {
    double[] vector = state.getLatest().clone();
    if (vector.length == 0 || bucketStart <= state.getBucket()) {
      return unscored(bucketStart);
    }
    for (double v : vector) {
      if (Double.isNaN(v)) {
        return unscored(bucketStart);
      }
    }
    state.setBucket(bucketStart);
    ServiceVerdict verdict =
        state.getTrainings() > 0 ? judge(state, vector, bucketStart) : unscored(bucketStart);
    remember(state, vector);
    boolean firstFit =
        state.getTrainings() == 0 && state.getRingSize() >= settings.minTrainingVectors();
    if (firstFit || state.getSinceTraining() >= settings.retrainEvery()) {
      fit(state);
    }
    return verdict;
  }

  private ServiceVerdict judge(ServiceModelState state, double[] vector, long bucketStart) {
    int p = vector.length;
    double[] deviation = centred(state, standardized(state, vector));
    double[] precision = state.getPrecision();
    double squared = quadratic(precision, deviation, p);
    double distance = Math.sqrt(Math.max(0, squared) / p);
    double raw = Math.min(1, distance / settings.rawScale());
    double score =
        state
            .getLikelihood()
            .update(
                raw,
                settings.likelihoodWindow(),
                likelihoodDecay,
                settings.likelihoodLearnVectors());
    boolean reported = false;
    if (state.getHoldLeft() > 0) {
      state.setHoldLeft(state.getHoldLeft() - 1);
      score = 0;
    } else if (score >= settings.fireThreshold()) {
      reported = true;
      state.setHoldLeft(settings.holdVectors());
    }
    // The feature that fits the others least: with the precision matrix P, the others make
    // E[d_i | d_-i] = -(1/P_ii) Σ_{j≠i} P_ij d_j expected, with conditional spread 1/sqrt(P_ii).
    // Each series' own likelihood of that conditional deviation (raw score: deviation over
    // rawScale), on the scale of the per-series scorer's, so the two can be combined; 0 for a
    // deviation under seriesMinDeviation, however tight the series' usual fit.
    int worst = 0;
    double worstDeviation = -1;
    double worstExpected = 0;
    AnomalyLikelihood[] likelihoods = seriesLikelihoods(state, p);
    List<SeriesVerdict> perSeries = new ArrayList<>(p);
    long bucketEnd = bucketStart + settings.bucketMillis();
    for (int i = 0; i < p; i++) {
      double pii = precision[i * p + i];
      double sum = 0;
      for (int j = 0; j < p; j++) {
        if (j != i) {
          sum += precision[i * p + j] * deviation[j];
        }
      }
      double expected = -sum / pii;
      double conditional = Math.abs(deviation[i] - expected) * Math.sqrt(pii);
      if (conditional > worstDeviation) {
        worstDeviation = conditional;
        worst = i;
        worstExpected = expected;
      }
      double seriesScore =
          likelihoods[i].update(
              Math.min(1, conditional / settings.rawScale()),
              settings.likelihoodWindow(),
              likelihoodDecay,
              settings.likelihoodLearnVectors());
      perSeries.add(
          new SeriesVerdict(
              state.getSeries()[i],
              bucketEnd,
              conditional < settings.seriesMinDeviation() ? 0 : seriesScore,
              conditional,
              vector[i],
              inOwnUnits(state, i, expected)));
    }
    double expectedValue = inOwnUnits(state, worst, worstExpected);
    return new ServiceVerdict(
        true,
        score,
        reported,
        distance,
        state.getSeries()[worst],
        vector[worst],
        expectedValue,
        worstDeviation,
        bucketStart,
        List.copyOf(perSeries));
  }

  /** A standardized, centred value of feature {@code i} back in the series' own units. */
  private static double inOwnUnits(ServiceModelState state, int i, double centred) {
    return state.getMedians()[i] + (state.getCentre()[i] + centred) * state.getScales()[i];
  }

  private static AnomalyLikelihood[] seriesLikelihoods(ServiceModelState state, int p) {
    AnomalyLikelihood[] likelihoods = state.getSeriesLikelihoods();
    if (likelihoods == null || likelihoods.length != p) {
      likelihoods = new AnomalyLikelihood[p];
      for (int i = 0; i < p; i++) {
        likelihoods[i] = new AnomalyLikelihood();
      }
      state.setSeriesLikelihoods(likelihoods);
    }
    return likelihoods;
  }

  private void fit(ServiceModelState state) {
    state.setTrainings(state.getTrainings() + 1);
    state.setSinceTraining(0);
    double[][] vectors = trainingSet(state);
    int n = vectors.length;
    int p = state.getWidth();
    double[] medians = new double[p];
    double[] scales = new double[p];
    double[] column = new double[n];
    for (int f = 0; f < p; f++) {
      for (int i = 0; i < n; i++) {
        column[i] = vectors[i][f];
      }
      double[] medianAndScale = RobustStatistics.medianAndScale(column, 1e-9, 0.01);
      medians[f] = medianAndScale[0];
      scales[f] = medianAndScale[1];
    }
    state.setMedians(medians);
    state.setScales(scales);
    double[][] data = new double[n][];
    for (int i = 0; i < n; i++) {
      data[i] = standardized(state, vectors[i]);
    }
    boolean[] kept = new boolean[n];
    Arrays.fill(kept, true);
    estimate(state, data, kept);
    int trimmed = (int) Math.floor(settings.trimmedShare() * n);
    if (trimmed > 0) {
      double[] distances = new double[n];
      for (int i = 0; i < n; i++) {
        distances[i] = quadratic(state.getPrecision(), centred(state, data[i]), p);
      }
      double[] sorted = distances.clone();
      Arrays.sort(sorted);
      double cut = sorted[n - trimmed - 1];
      for (int i = 0; i < n; i++) {
        kept[i] = distances[i] <= cut;
      }
      estimate(state, data, kept);
    }
  }

  /** Centre and precision matrix of the kept standardized vectors. */
  private static void estimate(ServiceModelState state, double[][] data, boolean[] kept) {
    int p = data[0].length;
    double[] mean = new double[p];
    int count = 0;
    for (int i = 0; i < data.length; i++) {
      if (kept[i]) {
        count++;
        for (int f = 0; f < p; f++) {
          mean[f] += data[i][f];
        }
      }
    }
    for (int f = 0; f < p; f++) {
      mean[f] /= count;
    }
    double[] covariance = new double[p * p];
    for (int i = 0; i < data.length; i++) {
      if (kept[i]) {
        for (int a = 0; a < p; a++) {
          double da = data[i][a] - mean[a];
          for (int b = 0; b <= a; b++) {
            covariance[a * p + b] += da * (data[i][b] - mean[b]);
          }
        }
      }
    }
    for (int a = 0; a < p; a++) {
      for (int b = 0; b <= a; b++) {
        double c = covariance[a * p + b] / Math.max(1, count - 1);
        covariance[a * p + b] = c;
        covariance[b * p + a] = c;
      }
      covariance[a * p + a] += RIDGE;
    }
    state.setCentre(mean);
    state.setPrecision(SymmetricInverse.of(covariance, p));
  }

  /** xᵀ M x for a p×p matrix M stored row by row. */
  private static double quadratic(double[] matrix, double[] x, int p) {
    double sum = 0;
    for (int a = 0; a < p; a++) {
      double row = 0;
      for (int b = 0; b < p; b++) {
        row += matrix[a * p + b] * x[b];
      }
      sum += x[a] * row;
    }
    return sum;
  }

  /** The vector in robust spreads from the training medians, so that no unit outweighs another. */
  private static double[] standardized(ServiceModelState state, double[] vector) {
    double[] out = new double[vector.length];
    for (int i = 0; i < vector.length; i++) {
      out[i] = (vector[i] - state.getMedians()[i]) / state.getScales()[i];
    }
    return out;
  }

  private static double[] centred(ServiceModelState state, double[] standardized) {
    double[] out = new double[standardized.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = standardized[i] - state.getCentre()[i];
    }
    return out;
  }

  private void remember(ServiceModelState state, double[] vector) {
    int width = vector.length;
    int capacity = settings.trainingVectors();
    if (state.getWidth() != width || state.getRing().length != capacity * width) {
      state.setWidth(width);
      state.setRing(new double[capacity * width]);
      state.setRingSize(0);
      state.setRingNext(0);
    }
    System.arraycopy(vector, 0, state.getRing(), state.getRingNext() * width, width);
    state.setRingNext((state.getRingNext() + 1) % capacity);
    state.setRingSize(Math.min(state.getRingSize() + 1, capacity));
    state.setVectors(state.getVectors() + 1);
    state.setSinceTraining(state.getSinceTraining() + 1);
  }

  /** The newest {@code trainingVectors} vectors (or all there are), oldest first. */
  private double[][] trainingSet(ServiceModelState state) {
    int width = state.getWidth();
    int capacity = state.getRing().length / width;
    int count = (int) Math.min(state.getRingSize(), settings.trainingVectors());
    double[][] data = new double[count][];
    for (int i = 0; i < count; i++) {
      int slot = Math.floorMod(state.getRingNext() - count + i, capacity);
      data[i] = Arrays.copyOfRange(state.getRing(), slot * width, (slot + 1) * width);
    }
    return data;
  }

  private static void restartLearning(ServiceModelState state) {
    state.setRing(new double[0]);
    state.setRingSize(0);
    state.setRingNext(0);
    state.setWidth(0);
    state.setVectors(0);
    state.setSinceTraining(0);
    state.setLikelihood(new AnomalyLikelihood());
    state.setSeriesLikelihoods(new AnomalyLikelihood[0]);
    state.setHoldLeft(0);
  }

  private static ServiceVerdict unscored(long bucketStart) {
    return new ServiceVerdict(
        false, 0, false, Double.NaN, null, Double.NaN, Double.NaN, 0, bucketStart, List.of());
  }
}
