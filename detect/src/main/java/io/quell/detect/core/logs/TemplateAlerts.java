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

/** The alerts of the log templates: a template never seen before, and a template rate off. */
public final class TemplateAlerts {
  private TemplateAlerts() {}

  /** Detector (and source) name of new-template alerts. */
  public static final String NEW_TEMPLATE = "new-template";

  /** Detector (and source) name of template-rate alerts. */
  public static final String TEMPLATE_RATE = "template-rate";

  /** Alert name of new-template alerts. */
  public static final String NEW_TEMPLATE_ALERT = "NewLogTemplate";

  /** Alert name of template-rate alerts. */
  public static final String TEMPLATE_RATE_ALERT = "LogTemplateRate";

  /** Label with the template id (the service is in {@code service}). */
  public static final String TEMPLATE_LABEL = "template_id";

  /** Name of the per-template count series handed to the metric detector. */
  public static final String COUNT_SERIES = "log_template_messages";

  /** Fingerprint of {@code detector}'s alert on one template of one service. */
  public static String fingerprint(String detector, String service, String templateId) {
    return Fingerprints.of(detector, service + "/" + templateId);
  }

  /**
   * A FIRING alert about a template the service had not logged before (after its warm-up).
   *
   * @param intervalStart start of the interval of the template's first message
   * @param intervalCount messages of the template in that interval
   */
  public static Alert newTemplate(
      String service,
      TemplateStats stats,
      long intervalStart,
      long intervalMs,
      long intervalCount,
      Severity severity) {
    String description =
        service
            + " logged a message of a kind not seen before: '"
            + stats.getText()
            + "' ("
            + intervalCount
            + " in "
            + per(intervalMs)
            + ")";
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", service + " logs a new kind of message");
    annotations.put("description", description);
    annotations.put("template", stats.getText());
    annotations.put("count", Long.toString(stats.getClosedCount()));
    annotations.put("interval_count", Long.toString(intervalCount));
    annotations.put("baseline", "0");
    annotations.put("interval_ms", Long.toString(intervalMs));
    Evidence evidence =
        Evidence.newBuilder()
            .setTemplateId(stats.getTemplateId())
            .setTemplateText(stats.getText())
            .setObservedValue((double) intervalCount)
            .setExpectedValue(0.0)
            .setWindowStart(Instant.ofEpochMilli(stats.getFirstSeenAt()))
            .setWindowEnd(Instant.ofEpochMilli(intervalStart + intervalMs))
            .setExampleMessage(stats.getExampleMessage())
            .setDescription(description)
            .build();
    return Alert.newBuilder()
        .setFingerprint(fingerprint(NEW_TEMPLATE, service, stats.getTemplateId()))
        .setName(NEW_TEMPLATE_ALERT)
        .setSource(NEW_TEMPLATE)
        .setStatus(AlertStatus.FIRING)
        .setSeverity(severity)
        .setService(service)
        .setLabels(labels(service, stats))
        .setAnnotations(annotations)
        .setDetector(NEW_TEMPLATE)
        .setScore(1.0)
        .setStartsAt(Instant.ofEpochMilli(stats.getFirstSeenAt()))
        .setEndsAt(null)
        .setEvidence(evidence)
        .build();
  }

  /**
   * The template-rate alert made of the metric detector's FIRING alert on the template's count
   * series: the same status, severity, score and start, the template's identity, text, example and
   * counts, and the detector's expected count as the baseline.
   *
   * @param metricAlert the metric side's FIRING alert on the count series
   * @param intervalStart start of the interval just judged
   * @param intervalCount messages of the template in that interval
   */
  public static Alert rate(
      Alert metricAlert,
      String service,
      TemplateStats stats,
      long intervalStart,
      long intervalMs,
      long intervalCount) {
    Evidence metric = metricAlert.getEvidence();
    Double expected = metric == null ? null : metric.getExpectedValue();
    double baseline = expected == null ? Double.NaN : expected;
    String change = intervalCount > baseline ? "jumped" : intervalCount == 0 ? "vanished" : "fell";
    String description =
        service
            + " logged "
            + intervalCount
            + " messages of '"
            + stats.getText()
            + "' in "
            + per(intervalMs)
            + " where about "
            + Scores.format(baseline)
            + " are usual: the rate "
            + change;
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", service + " logs one kind of message at an unusual rate");
    annotations.put("description", description);
    annotations.put("template", stats.getText());
    annotations.put("count", Long.toString(stats.getClosedCount()));
    annotations.put("interval_count", Long.toString(intervalCount));
    annotations.put("baseline", Scores.format(baseline));
    annotations.put("interval_ms", Long.toString(intervalMs));
    annotations.put("rate_detector", metricAlert.getDetector());
    for (String key : new String[] {"raw_score", "peak_raw_score", "threshold"}) {
      String value = metricAlert.getAnnotations().get(key);
      if (value != null) {
        annotations.put(key, value);
      }
    }
    Evidence evidence =
        Evidence.newBuilder()
            .setTemplateId(stats.getTemplateId())
            .setTemplateText(stats.getText())
            .setObservedValue((double) intervalCount)
            .setExpectedValue(expected)
            .setWindowStart(metricAlert.getStartsAt())
            .setWindowEnd(Instant.ofEpochMilli(intervalStart + intervalMs))
            .setExampleMessage(stats.getExampleMessage())
            .setDescription(description)
            .build();
    return Alert.newBuilder(metricAlert)
        .setFingerprint(fingerprint(TEMPLATE_RATE, service, stats.getTemplateId()))
        .setName(TEMPLATE_RATE_ALERT)
        .setSource(TEMPLATE_RATE)
        .setDetector(TEMPLATE_RATE)
        .setService(service)
        .setLabels(labels(service, stats))
        .setAnnotations(annotations)
        .setEvidence(evidence)
        .build();
  }

  private static Map<String, String> labels(String service, TemplateStats stats) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("service", service);
    labels.put(TEMPLATE_LABEL, stats.getTemplateId());
    return labels;
  }

  static String per(long intervalMs) {
    long seconds = intervalMs / 1000;
    return seconds > 0 && intervalMs % 1000 == 0 ? seconds + " s" : intervalMs + " ms";
  }
}
