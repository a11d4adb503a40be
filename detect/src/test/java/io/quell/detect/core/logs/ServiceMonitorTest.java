/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import static io.quell.detect.testing.Fixtures.MONDAY_0900;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Alerts;
import io.quell.detect.core.Fingerprints;
import io.quell.detect.core.Hysteresis;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceMonitorTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = MONDAY_0900.toEpochMilli();

  private final ServiceMonitor monitor =
      new ServiceMonitor(new ErrorBurstRule(ErrorBurstSettings.defaults()), new Hysteresis(2, 2));
  private final ErrorBaseline baseline = new ErrorBaseline();
  private final AlertEpisode episode = new AlertEpisode();
  private Alert open;

  /** Closes minute {@code minute} with {@code errors} errors; returns the alert sent. */
  private Optional<Alert> close(int minute, int errors) {
    long start = T0 + minute * MINUTE;
    IntervalTally tally = null;
    if (errors > 0) {
      tally = new IntervalTally();
      for (int i = 0; i < errors; i++) {
        tally.add(start + 1000L * i, "payment declined: gateway timeout #" + i);
      }
    }
    Optional<Alert> alert =
        monitor.closeInterval("payments", start, tally, baseline, episode, open);
    alert.ifPresent(a -> open = a.getStatus() == AlertStatus.FIRING ? a : null);
    return alert;
  }

  @Test
  void shouldFireAfterBurstIntervalsAndResolveAfterQuietOnes() {
    List<Alert> alerts = new ArrayList<>();
    for (int minute = 0; minute < 6; minute++) {
      close(minute, minute % 2).ifPresent(alerts::add);
    }
    assertThat(alerts).as("one error now and then is no burst").isEmpty();

    assertThat(close(6, 12)).as("one burst interval is pending").isEmpty();
    Optional<Alert> firing = close(7, 14);
    assertThat(close(8, 13)).isEmpty();
    assertThat(close(9, 0)).isEmpty();
    Optional<Alert> resolved = close(10, 1);

    assertThat(firing)
        .hasValueSatisfying(
            a -> {
              assertThat(a.getStatus()).isEqualTo(AlertStatus.FIRING);
              assertThat(a.getFingerprint()).isEqualTo(Fingerprints.of("error-burst", "payments"));
              assertThat(a.getName()).isEqualTo(ErrorBurstAlerts.ALERT_NAME);
              assertThat(a.getDetector()).isEqualTo("error-burst");
              assertThat(a.getService()).isEqualTo("payments");
              assertThat(a.getLabels()).isEqualTo(Map.of("service", "payments"));
              assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
              assertThat(a.getStartsAt()).isEqualTo(MONDAY_0900.plus(Duration.ofMinutes(6)));
              assertThat(a.getEvidence().getObservedValue()).isEqualTo(14.0);
              assertThat(a.getEvidence().getExpectedValue()).isBetween(0.0, 1.0);
              assertThat(a.getEvidence().getWindowStart()).isEqualTo(a.getStartsAt());
              assertThat(a.getEvidence().getWindowEnd())
                  .isEqualTo(MONDAY_0900.plus(Duration.ofMinutes(8)));
              assertThat(a.getEvidence().getExampleMessage())
                  .isEqualTo("payment declined: gateway timeout #0");
              assertThat(a.getAnnotations())
                  .containsEntry("errors", "14")
                  .containsEntry("threshold", "5");
            });
    assertThat(resolved)
        .hasValueSatisfying(
            a -> {
              assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
              assertThat(a.getFingerprint()).isEqualTo(firing.get().getFingerprint());
              assertThat(a.getEndsAt()).isEqualTo(MONDAY_0900.plus(Duration.ofMinutes(9)));
              assertThat(a.getAnnotations())
                  .containsEntry(Alerts.RESOLVED_REASON, Alerts.RECOVERED);
            });
    assertThat(episode.isIdle()).isTrue();
  }

  @Test
  void shouldFireCriticalWhenTheCountIsFarAboveTheThreshold() {
    for (int minute = 0; minute < 5; minute++) {
      close(minute, 0);
    }

    close(5, 40);
    Optional<Alert> firing = close(6, 40);

    assertThat(firing)
        .hasValueSatisfying(a -> assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL));
  }

  @Test
  void shouldStayQuietOnASteadilyNoisyService() {
    List<Alert> alerts = new ArrayList<>();
    for (int minute = 0; minute < 600; minute++) {
      close(minute, 20 + (minute * 7) % 11).ifPresent(alerts::add);
    }

    assertThat(alerts).isEmpty();
  }
}
