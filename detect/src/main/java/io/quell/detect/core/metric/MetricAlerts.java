/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import io.quell.detect.core.Fingerprints;
import io.quell.detect.core.Scores;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Evidence;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.topic.RecordKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The alerts of metric detectors. */
public final class MetricAlerts {
  private MetricAlerts() {}

  /** Alert name of every metric anomaly; the series is in the labels. */
  public static final String ALERT_NAME = "MetricAnomaly";

  /** Label that carries the metric name (the series' own labels come along as they are). */
  public static final String METRIC_LABEL = "metric";

  /** Label that names the service, by the convention of the ingest side. */
  public static final String SERVICE_LABEL = "service";

  /** The fingerprint of {@code detector}'s alert on the series {@code seriesId}. */
  public static String fingerprint(String detector, String seriesId) {
    return Fingerprints.of(detector, seriesId);
  }

  /**
   * A FIRING alert about {@code point}.
   *
   * @param detector the detector's name
   * @param startsAt event time of the first anomalous point of the episode
   * @param judgement the verdict on {@code point}
   * @param peakScore highest raw score of the episode
   * @param severity severity of the episode
   * @param threshold the detector's threshold, to normalize the score
   */
  public static Alert firing(
      String detector,
      MetricPoint point,
      long startsAt,
      Judgement judgement,
      double peakScore,
      Severity severity,
      double threshold) {
    String description =
        subject(point)
            + " is "
            + Scores.format(point.getValue())
            + " where "
            + Scores.format(judgement.expected())
            + " ± "
            + Scores.format(judgement.scale())
            + " was expected (robust z-score "
            + Scores.format(judgement.score())
            + ", threshold "
            + Scores.format(threshold)
            + ")";
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("raw_score", Scores.format(judgement.score()));
    annotations.put("peak_raw_score", Scores.format(peakScore));
    annotations.put("threshold", Scores.format(threshold));
    return alert(
        detector,
        point,
        startsAt,
        judgement.expected(),
        Scores.normalized(peakScore, threshold),
        severity,
        description,
        annotations);
  }

  /**
   * A FIRING alert of the anomaly scorer, whose score is a likelihood in [0, 1], combined with the
   * service model's verdict on the series when there is one: the alert's score is the episode's
   * peak combined likelihood; its expected value is the one of the detector that leads (the service
   * model's conditional mean when its likelihood is the larger).
   *
   * @param startsAt event time of the first point of the episode above the threshold
   * @param combined the score of {@code point}: its own likelihood, the service model's, combined
   * @param zScore the robust z-score behind the series' own likelihood
   * @param expected the value the series' own scorer expected
   * @param peakLikelihood highest combined score of the episode
   * @param period the series' season in points, or -1 when it has none
   * @param threshold the likelihood from which a point counts as anomalous
   */
  public static Alert firingLikelihood(
      String detector,
      MetricPoint point,
      long startsAt,
      CombinedLikelihood combined,
      double zScore,
      double expected,
      double peakLikelihood,
      int period,
      Severity severity,
      double threshold) {
    SeriesVerdict verdict = combined.verdict();
    boolean serviceLeads = combined.serviceLeads();
    double shownExpected = serviceLeads ? verdict.getExpected() : expected;
    String description =
        subject(point)
            + " is "
            + Scores.format(point.getValue())
            + " where "
            + Scores.format(shownExpected)
            + (serviceLeads ? " was expected from the service's other series" : " was expected")
            + " (anomaly likelihood "
            + Scores.format(combined.score())
            + ", threshold "
            + Scores.format(threshold)
            + "; "
            + (serviceLeads
                ? "service model "
                    + Scores.format(combined.service())
                    + " at "
                    + Scores.format(verdict.getDeviation())
                    + " conditional standard deviations, the series' own "
                    + Scores.format(combined.series())
                : "the series' own, robust z-score "
                    + Scores.format(zScore)
                    + (verdict != null
                        ? ", service model " + Scores.format(combined.service())
                        : ""))
            + (period > 0 ? ", seasonal with a period of " + period + " points" : "")
            + ")";
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("likelihood", Scores.format(combined.score()));
    annotations.put("peak_likelihood", Scores.format(peakLikelihood));
    annotations.put("z_score", Scores.format(zScore));
    annotations.put("threshold", Scores.format(threshold));
    annotations.put("detectors", String.join(",", combined.drivers(threshold)));
    annotations.put("series_likelihood", Scores.format(combined.series()));
    annotations.put("series_expected", Scores.format(expected));
    if (verdict != null) {
      annotations.put("service_likelihood", Scores.format(combined.service()));
      annotations.put("service_expected", Scores.format(verdict.getExpected()));
      annotations.put("service_deviation", Scores.format(verdict.getDeviation()));
    }
    if (period > 0) {
      annotations.put("period_points", Integer.toString(period));
    }
    return alert(
        detector,
        point,
        startsAt,
        shownExpected,
        Math.max(0, Math.min(1, peakLikelihood)),
        severity,
        description,
        annotations);
  }

  private static String subject(MetricPoint point) {
    String service = point.getLabels().get(SERVICE_LABEL);
    return service == null ? RecordKeys.seriesId(point) : point.getName() + " of " + service;
  }

  private static Alert alert(
      String detector,
      MetricPoint point,
      long startsAt,
      double expected,
      double score,
      Severity severity,
      String description,
      Map<String, String> scoreAnnotations) {
    String seriesId = RecordKeys.seriesId(point);
    Map<String, String> labels = new TreeMap<>(point.getLabels());
    labels.putIfAbsent(METRIC_LABEL, point.getName());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", subject(point) + " is anomalous");
    annotations.put("description", description);
    annotations.putAll(scoreAnnotations);
    Evidence evidence =
        Evidence.newBuilder()
            .setSeriesId(seriesId)
            .setObservedValue(point.getValue())
            .setExpectedValue(expected)
            .setWindowStart(Instant.ofEpochMilli(startsAt))
            .setWindowEnd(point.getTimestamp().plusMillis(1))
            .setDescription(description)
            .build();
    return Alert.newBuilder()
        .setFingerprint(fingerprint(detector, seriesId))
        .setName(ALERT_NAME)
        .setSource(detector)
        .setStatus(AlertStatus.FIRING)
        .setSeverity(severity)
        .setService(point.getLabels().get(SERVICE_LABEL))
        .setLabels(labels)
        .setAnnotations(annotations)
        .setDetector(detector)
        .setScore(score)
        .setStartsAt(Instant.ofEpochMilli(startsAt))
        .setEndsAt(null)
        .setEvidence(evidence)
        .build();
  }
}
