/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.core.logs.ErrorBurstReplay;
import io.quell.detect.job.DetectJob;
import io.quell.detect.testing.DemoTraffic;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the demo needs from the default settings, on traffic shaped like the simulator's, for
 * several noise seeds: quiet before the fault, alerts on the faulted services (one at least
 * CRITICAL), resolutions after the fault, and no second alert when things return to normal.
 */
class DemoScenarioTest {

  private static List<Alert> detect(DemoTraffic traffic) {
    DetectOptions options = DetectOptions.defaults();
    List<Alert> alerts = new ArrayList<>(DetectJob.replayMetrics(options, traffic.points()));
    alerts.addAll(
        ErrorBurstReplay.replay(
            DetectJob.serviceMonitor(options), traffic.logs(), options.serviceExpiry().toMillis()));
    return alerts;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void shouldAlertOnlyOnFaultedServicesDuringTheFaultAndResolveAfterIt(long seed) {
    List<Alert> alerts = detect(DemoTraffic.generate(seed));

    List<Alert> firing = alerts.stream().filter(a -> a.getStatus() == AlertStatus.FIRING).toList();
    assertThat(firing).isNotEmpty();
    assertThat(firing)
        .allSatisfy(
            a -> {
              assertThat(a.getStartsAt()).isAfterOrEqualTo(DemoTraffic.FAULT_START);
              assertThat(a.getStartsAt()).isBefore(DemoTraffic.FAULT_END);
              assertThat(a.getService()).isNotEqualTo(DemoTraffic.BYSTANDER);
            });
    Set<String> alerted = firing.stream().map(Alert::getService).collect(Collectors.toSet());
    assertThat(alerted).contains(DemoTraffic.ROOT).containsAll(DemoTraffic.CALLERS);
    assertThat(firing).anyMatch(a -> a.getSeverity() == Severity.CRITICAL);
    assertThat(alerts.stream().filter(a -> a.getDetector().equals("error-burst")))
        .extracting(Alert::getService)
        .contains(DemoTraffic.ROOT);

    Set<String> fired = firing.stream().map(Alert::getFingerprint).collect(Collectors.toSet());
    List<Alert> resolved =
        alerts.stream().filter(a -> a.getStatus() == AlertStatus.RESOLVED).toList();
    assertThat(resolved)
        .extracting(Alert::getFingerprint)
        .containsExactlyInAnyOrderElementsOf(fired);
    assertThat(resolved)
        .allSatisfy(
            a -> {
              // endsAt is the first point of the clear run that resolved the alert: the
              // likelihood of a weak signal fades while the fault lasts (the series' recent
              // history fills with it), so that run may start shortly before the fault ends
              assertThat(a.getEndsAt())
                  .isAfterOrEqualTo(DemoTraffic.FAULT_END.minus(Duration.ofMinutes(1)));
              assertThat(a.getEndsAt()).isBefore(DemoTraffic.END);
            });
  }
}
