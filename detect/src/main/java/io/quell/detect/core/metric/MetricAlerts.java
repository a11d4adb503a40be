/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import io.quell.detect.core.Fingerprints;
import io.quell.detect.core.Scores;
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
    String seriesId = RecordKeys.seriesId(point);
    Map<String, String> labels = new TreeMap<>(point.getLabels());
    labels.putIfAbsent(METRIC_LABEL, point.getName());
    String service = point.getLabels().get(SERVICE_LABEL);
    String subject = service == null ? seriesId : point.getName() + " of " + service;
    String description =
        subject
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
    annotations.put("summary", subject + " is anomalous");
    annotations.put("description", description);
    annotations.put("raw_score", Scores.format(judgement.score()));
    annotations.put("peak_raw_score", Scores.format(peakScore));
    annotations.put("threshold", Scores.format(threshold));
    Evidence evidence =
        Evidence.newBuilder()
            .setSeriesId(seriesId)
            .setObservedValue(point.getValue())
            .setExpectedValue(judgement.expected())
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
        .setService(service)
        .setLabels(labels)
        .setAnnotations(annotations)
        .setDetector(detector)
        .setScore(Scores.normalized(peakScore, threshold))
        .setStartsAt(Instant.ofEpochMilli(startsAt))
        .setEndsAt(null)
        .setEvidence(evidence)
        .build();
  }
}
