/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import static io.quell.detect.testing.Fixtures.MONDAY_0900;
import static io.quell.detect.testing.Fixtures.STEP;
import static io.quell.detect.testing.Fixtures.latency;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Alerts;
import io.quell.detect.core.Fingerprints;
import io.quell.detect.core.Hysteresis;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.topic.RecordKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesMonitorTest {
  private static final double[] CALM = {0.24, 0.25, 0.26};

  private final SeriesMonitor<RollingWindow> monitor =
      new SeriesMonitor<>(
          new RobustBaselineDetector(RobustBaselineSettings.defaults()),
          new Hysteresis(3, 5),
          3,
          10);
  private final RollingWindow window = monitor.detector().newState();
  private final AlertEpisode episode = new AlertEpisode();
  private Alert open;

  /** Feeds the point; returns the alert sent, keeping the open alert as the job does. */
  private Optional<Alert> observe(MetricPoint point) {
    Optional<Alert> alert = monitor.observe(point, window, episode, open);
    alert.ifPresent(a -> open = a.getStatus() == AlertStatus.FIRING ? a : null);
    return alert;
  }

  private List<Alert> feed(int fromStep, double... values) {
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      observe(latency(fromStep + i, values[i])).ifPresent(alerts::add);
    }
    return alerts;
  }

  private List<Alert> calm(int fromStep, int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = CALM[(fromStep + i) % CALM.length];
    }
    return feed(fromStep, values);
  }

  @Test
  void shouldFireAfterSustainedDeviationAndResolveAfterRecovery() {
    assertThat(calm(0, 30)).isEmpty();

    assertThat(feed(30, 0.5, 0.52)).as("still pending").isEmpty();
    List<Alert> firing = feed(32, 0.51);
    assertThat(feed(33, 0.5, 0.5, 0.5)).isEmpty();
    assertThat(calm(36, 4)).as("four normal points are not enough").isEmpty();
    List<Alert> resolved = calm(40, 1);

    MetricPoint sample = latency(0, 0);
    String seriesId = RecordKeys.seriesId(sample);
    assertThat(firing).hasSize(1);
    Alert alert = firing.get(0);
    assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(alert.getFingerprint()).isEqualTo(Fingerprints.of("robust-baseline", seriesId));
    assertThat(alert.getName()).isEqualTo(MetricAlerts.ALERT_NAME);
    assertThat(alert.getSource()).isEqualTo("robust-baseline");
    assertThat(alert.getDetector()).isEqualTo("robust-baseline");
    assertThat(alert.getService()).isEqualTo("checkout");
    assertThat(alert.getLabels())
        .isEqualTo(
            Map.of(
                "service",
                "checkout",
                "tier",
                "backend",
                "metric",
                "http_request_duration_p99_seconds"));
    assertThat(alert.getSeverity()).as("25 standard deviations").isEqualTo(Severity.CRITICAL);
    assertThat(alert.getStartsAt()).isEqualTo(MONDAY_0900.plus(STEP.multipliedBy(30)));
    assertThat(alert.getEndsAt()).isNull();
    assertThat(alert.getScore()).isBetween(0.5, 1.0);
    assertThat(alert.getEvidence().getSeriesId()).isEqualTo(seriesId);
    assertThat(alert.getEvidence().getObservedValue()).isEqualTo(0.51);
    assertThat(alert.getEvidence().getExpectedValue()).isCloseTo(0.25, within(1e-9));
    assertThat(alert.getEvidence().getWindowStart()).isEqualTo(alert.getStartsAt());
    assertThat(alert.getEvidence().getWindowEnd())
        .isEqualTo(MONDAY_0900.plus(STEP.multipliedBy(32)).plusMillis(1));
    assertThat(alert.getEvidence().getDescription())
        .contains("http_request_duration_p99_seconds of checkout", "0.51", "0.25");

    assertThat(resolved).hasSize(1);
    Alert resolution = resolved.get(0);
    assertThat(resolution.getFingerprint()).isEqualTo(alert.getFingerprint());
    assertThat(resolution.getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(resolution.getStartsAt()).isEqualTo(alert.getStartsAt());
    assertThat(resolution.getEndsAt())
        .as("the first normal point")
        .isEqualTo(MONDAY_0900.plus(STEP.multipliedBy(36)));
    assertThat(resolution.getAnnotations()).containsEntry(Alerts.RESOLVED_REASON, Alerts.RECOVERED);
    assertThat(open).isNull();
    assertThat(episode.isIdle()).isTrue();
  }

  @Test
  void shouldFireWarningAndEscalateToCriticalUnderTheSameFingerprint() {
    calm(0, 30);

    // scale 1.4826 * 0.01: 0.33 is about 5.4, 0.6 about 24 robust standard deviations
    List<Alert> warning = feed(30, 0.33, 0.33, 0.33);
    List<Alert> critical = feed(33, 0.6);

    assertThat(warning)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
              assertThat(a.getStatus()).isEqualTo(AlertStatus.FIRING);
            });
    assertThat(critical)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
              assertThat(a.getStatus()).isEqualTo(AlertStatus.FIRING);
              assertThat(a.getFingerprint()).isEqualTo(warning.get(0).getFingerprint());
              assertThat(a.getStartsAt()).isEqualTo(warning.get(0).getStartsAt());
              assertThat(a.getScore()).isGreaterThan(warning.get(0).getScore());
            });
  }

  @Test
  void shouldStayQuietOnANoisySeriesWithOccasionalSpikes() {
    Random random = new Random(42);
    List<Alert> alerts = new ArrayList<>();
    for (int step = 0; step < 20_000; step++) {
      double value = 0.25 + random.nextGaussian() * 0.01;
      if (step % 97 == 0) {
        value *= 3; // a lone spike: one point, never three in a row
      }
      observe(latency(step, value)).ifPresent(alerts::add);
    }

    assertThat(alerts).isEmpty();
  }

  @Test
  void shouldSkipNonFiniteValuesWithoutBreakingARun() {
    calm(0, 30);

    feed(30, 0.5, 0.5);
    assertThat(feed(32, Double.NaN, Double.POSITIVE_INFINITY)).isEmpty();
    assertThat(feed(34, 0.5)).hasSize(1);
  }

  @Test
  void shouldResolveAFiringAlertWhenTheSeriesFallsSilent() {
    calm(0, 30);
    feed(30, 0.5, 0.5, 0.5);
    long lastSeen = latency(32, 0).getTimestamp().toEpochMilli();

    Optional<Alert> expired = monitor.expire(episode, open, lastSeen);

    assertThat(expired)
        .hasValueSatisfying(
            a -> {
              assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
              assertThat(a.getEndsAt().toEpochMilli()).isEqualTo(lastSeen);
              assertThat(a.getAnnotations())
                  .containsEntry(Alerts.RESOLVED_REASON, Alerts.FELL_SILENT);
            });
    assertThat(monitor.expire(new AlertEpisode(), null, lastSeen)).isEmpty();
  }
}
