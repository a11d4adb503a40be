/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.detect.core.Fingerprints;
import io.quell.detect.core.Scores;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Evidence;
import io.quell.schemas.avro.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The alerts of the error-burst rule. */
public final class ErrorBurstAlerts {
  private ErrorBurstAlerts() {}

  /** Alert name of every error burst; the service is in the labels. */
  public static final String ALERT_NAME = "ErrorBurst";

  /** The fingerprint of the error-burst alert of {@code service}. */
  public static String fingerprint(String service) {
    return Fingerprints.of(ErrorBurstRule.NAME, service);
  }

  /**
   * A FIRING alert about a burst of errors of {@code service}.
   *
   * @param startsAt start of the first burst interval of the episode
   * @param intervalStart start of the interval just judged
   * @param intervalMs length of the intervals
   * @param judgement the verdict on the interval just judged
   * @param example an error message of that interval, or null
   * @param peakRatio highest count-to-threshold ratio of the episode
   */
  public static Alert firing(
      String service,
      long startsAt,
      long intervalStart,
      long intervalMs,
      BurstJudgement judgement,
      String example,
      double peakRatio,
      Severity severity) {
    long seconds = intervalMs / 1000;
    String per = seconds > 0 && intervalMs % 1000 == 0 ? seconds + " s" : intervalMs + " ms";
    String description;
    if (judgement.countBurst() || !judgement.ratioBurst()) {
      description =
          service
              + " logged "
              + judgement.errors()
              + " errors in "
              + per
              + " where about "
              + Scores.format(judgement.baseline())
              + " are usual (burst from "
              + Scores.format(judgement.threshold())
              + ")";
    } else {
      description =
          service
              + " logged "
              + (judgement.errors() + judgement.warnings())
              + " errors and warnings among "
              + judgement.events()
              + " events in "
              + per
              + ", a share of "
              + percent(judgement.errorRatio())
              + " where about "
              + percent(judgement.ratioBaseline())
              + " is usual (burst from "
              + percent(judgement.ratioThreshold())
              + ")";
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("service", service);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(
        "summary",
        service
            + (judgement.countBurst() || !judgement.ratioBurst()
                ? " logs a burst of errors"
                : " logs a jump in the share of errors and warnings"));
    annotations.put("description", description);
    annotations.put("errors", Long.toString(judgement.errors()));
    annotations.put("baseline", Scores.format(judgement.baseline()));
    annotations.put("threshold", Scores.format(judgement.threshold()));
    annotations.put("interval_ms", Long.toString(intervalMs));
    annotations.put("warnings", Long.toString(judgement.warnings()));
    annotations.put("events", Long.toString(judgement.events()));
    annotations.put("error_ratio", Scores.format(judgement.errorRatio()));
    annotations.put("baseline_ratio", Scores.format(judgement.ratioBaseline()));
    if (judgement.ratioJudged()) {
      annotations.put("ratio_threshold", Scores.format(judgement.ratioThreshold()));
    }
    Evidence evidence =
        Evidence.newBuilder()
            .setObservedValue(
                judgement.countBurst() || !judgement.ratioBurst()
                    ? (double) judgement.errors()
                    : judgement.errorRatio())
            .setExpectedValue(
                judgement.countBurst() || !judgement.ratioBurst()
                    ? judgement.baseline()
                    : judgement.ratioBaseline())
            .setWindowStart(Instant.ofEpochMilli(startsAt))
            .setWindowEnd(Instant.ofEpochMilli(intervalStart + intervalMs))
            .setExampleMessage(example)
            .setDescription(description)
            .build();
    return Alert.newBuilder()
        .setFingerprint(fingerprint(service))
        .setName(ALERT_NAME)
        .setSource(ErrorBurstRule.NAME)
        .setStatus(AlertStatus.FIRING)
        .setSeverity(severity)
        .setService(service)
        .setLabels(labels)
        .setAnnotations(annotations)
        .setDetector(ErrorBurstRule.NAME)
        .setScore(Scores.normalized(peakRatio, 1.0))
        .setStartsAt(Instant.ofEpochMilli(startsAt))
        .setEndsAt(null)
        .setEvidence(evidence)
        .build();
  }

  private static String percent(double share) {
    return Scores.format(100 * share) + " %";
  }
}
