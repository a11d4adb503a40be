/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import io.quell.detect.core.service.SeriesVerdict;
import java.util.ArrayList;
import java.util.List;

/**
 * One point's anomaly score from the two detectors that judge its series: the per-series scorer's
 * likelihood ({@code anomaly-likelihood}) and the service model's likelihood for the series ({@code
 * service-model}, from the freshest {@link SeriesVerdict}), combined into one score in [0, 1] that
 * one threshold and one hysteresis judge.
 *
 * <p>The combination is the larger of the two. Both are the same transformation of a tail
 * probability, {@code log(tail) / log(10⁻¹⁰)}, each calibrated against its own history (the series'
 * recent raw scores; the series' recent deviations from what its service's other series make
 * expected), so they are on one scale and the larger is the more surprising evidence. A product or
 * a sum of tails would let two weak hints add up to an alert that neither detector would raise; the
 * maximum raises only what one of them finds unusual on its own. The price is a false-alarm rate of
 * up to the sum of the two detectors' (a Bonferroni correction would take {@code log10(2) / 10 =
 * 0.03} off the score); on the demo's calm traffic both stay well under the threshold (see the
 * module README), so the threshold is not raised for it.
 *
 * @param score the combined score: the larger of {@code series} and {@code service}
 * @param series the per-series scorer's likelihood
 * @param service the service model's likelihood for the series, 0 without a fresh verdict
 * @param verdict the fresh verdict the service likelihood comes from, or null
 */
public record CombinedLikelihood(
    double score, double series, double service, SeriesVerdict verdict) {

  /** The per-series scorer's name among the contributions. */
  public static final String SERIES_DETECTOR = LikelihoodMonitor.NAME;

  /** The service model's name among the contributions. */
  public static final String SERVICE_DETECTOR = "service-model";

  /**
   * Combines the series' own likelihood with the service model's verdict.
   *
   * @param verdict a fresh verdict on the series ({@link #fresh}), or null
   */
  public static CombinedLikelihood of(double series, SeriesVerdict verdict) {
    double service = verdict == null ? 0 : clamp(verdict.getLikelihood());
    return new CombinedLikelihood(Math.max(series, service), series, service, verdict);
  }

  /**
   * {@code latest} if it may still judge a point at {@code at}: its bucket ended at or before the
   * point and at most {@code maxAgeMs} before it; else null (no verdict, or a stale one: the
   * service's model stopped judging the series, and its last word no longer holds).
   */
  public static SeriesVerdict fresh(SeriesVerdict latest, long at, long maxAgeMs) {
    if (latest == null || maxAgeMs <= 0) {
      return null;
    }
    long age = at - latest.getBucketEnd();
    return age >= 0 && age <= maxAgeMs ? latest : null;
  }

  /** Whether the service model's likelihood is the larger one (it decides the score). */
  public boolean serviceLeads() {
    return verdict != null && service > series;
  }

  /**
   * The detectors whose own likelihood reaches {@code threshold}, the leading one first (what drove
   * an alert); the leading one alone when neither does.
   */
  public List<String> drivers(double threshold) {
    List<String> drivers = new ArrayList<>(2);
    if (serviceLeads()) {
      drivers.add(SERVICE_DETECTOR);
      if (series >= threshold) {
        drivers.add(SERIES_DETECTOR);
      }
    } else {
      drivers.add(SERIES_DETECTOR);
      if (verdict != null && service >= threshold) {
        drivers.add(SERVICE_DETECTOR);
      }
    }
    return drivers;
  }

  private static double clamp(double likelihood) {
    return Double.isFinite(likelihood) ? Math.max(0, Math.min(1, likelihood)) : 0;
  }
}
