/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import io.quell.detect.core.Fingerprints;
import io.quell.detect.core.Scores;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Evidence;
import io.quell.schemas.avro.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The alerts of the per-service model. */
public final class ServiceAlerts {
  private ServiceAlerts() {}

  /** Detector name in alerts and fingerprints. */
  public static final String DETECTOR = "service-model";

  /** Alert name; the service is in the labels. */
  public static final String ALERT_NAME = "ServiceAnomaly";

  /** The fingerprint of the model's alert on {@code service}. */
  public static String fingerprint(String service) {
    return Fingerprints.of(DETECTOR, service);
  }

  /**
   * A FIRING alert about {@code service}, explained by the series that fits the others least.
   *
   * @param startsAt event time of the bucket the episode started in
   * @param verdict the verdict on the bucket that fired or escalated
   * @param peakScore highest score of the episode
   * @param threshold the model's fire threshold, to normalize the score
   */
  public static Alert firing(
      String service,
      long startsAt,
      long bucketMillis,
      ServiceVerdict verdict,
      double peakScore,
      Severity severity,
      double threshold) {
    String description =
        "the series of "
            + service
            + " are unusual together (distance "
            + Scores.format(verdict.distance())
            + " per series from the usual combination); "
            + verdict.series()
            + " fits the others least: "
            + Scores.format(verdict.observed())
            + " where the others make "
            + Scores.format(verdict.expected())
            + " expected ("
            + Scores.format(verdict.deviation())
            + " conditional standard deviations)";
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("service", service);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", service + " behaves unusually");
    annotations.put("description", description);
    annotations.put("series", verdict.series());
    annotations.put("distance", Scores.format(verdict.distance()));
    annotations.put("likelihood_score", Scores.format(verdict.score()));
    annotations.put("bucket_ms", Long.toString(bucketMillis));
    Evidence evidence =
        Evidence.newBuilder()
            .setSeriesId(verdict.series())
            .setObservedValue(verdict.observed())
            .setExpectedValue(verdict.expected())
            .setWindowStart(Instant.ofEpochMilli(startsAt))
            .setWindowEnd(Instant.ofEpochMilli(verdict.bucketStart() + bucketMillis))
            .setDescription(description)
            .build();
    return Alert.newBuilder()
        .setFingerprint(fingerprint(service))
        .setName(ALERT_NAME)
        .setSource(DETECTOR)
        .setStatus(AlertStatus.FIRING)
        .setSeverity(severity)
        .setService(service)
        .setLabels(labels)
        .setAnnotations(annotations)
        .setDetector(DETECTOR)
        .setScore(Scores.normalized(peakScore, threshold))
        .setStartsAt(Instant.ofEpochMilli(startsAt))
        .setEndsAt(null)
        .setEvidence(evidence)
        .build();
  }
}
