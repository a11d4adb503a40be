/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static io.quell.correlate.testing.TestAlerts.T0;
import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.minutes;
import static io.quell.correlate.testing.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.testing.DemoTopology;
import io.quell.correlate.testing.Replay;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.MemberAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's story end to end on the plain-Java correlator: a root service fails around minute 6
 * and the failure spreads to its callers hop by hop; a stray alert on another service comes and
 * goes earlier. One incident holds the fault's alerts, with the failed service as top candidate.
 */
class DemoScenarioTest {

  @ParameterizedTest
  @ValueSource(strings = {"orders-db", "payments-db", "cache", "events-queue"})
  void shouldGroupAFaultThatSpreadsAlongTheTopologyIntoOneIncidentLedByItsRoot(String root) {
    Replay replay = new Replay().withTopology(DemoTopology.EDGES);
    List<Alert> alerts =
        new ArrayList<>(DemoTopology.faultAlerts(root, minutes(6), Duration.ofSeconds(40)));
    // It came and went: a resolved incident is reopened by a related alert, but never merged.
    Alert stray = firing("stray", "users-db", minutes(2));
    alerts.add(stray);
    alerts.add(resolved(stray, minutes(3)));

    replay.alerts(alerts);

    Set<String> faultFingerprints =
        DemoTopology.faultAlerts(root, minutes(6), Duration.ofSeconds(40)).stream()
            .map(Alert::getFingerprint)
            .collect(Collectors.toSet());
    List<Incident> withFaultAlerts =
        replay.latest().values().stream()
            .filter(
                incident ->
                    incident.getAlerts().stream()
                        .map(MemberAlert::getFingerprint)
                        .anyMatch(faultFingerprints::contains))
            .toList();
    assertThat(withFaultAlerts).hasSize(1);
    Incident fault = withFaultAlerts.get(0);
    assertThat(fault.getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactlyInAnyOrderElementsOf(faultFingerprints);
    assertThat(fault.getRootCauses().get(0).getService()).isEqualTo(root);
    assertThat(fault.getServices())
        .containsExactlyInAnyOrderElementsOf(DemoTopology.callersByHops(root).keySet());
    assertThat(fault.getTitle()).startsWith(root + ": " + faultFingerprints.size() + " alerts on ");
  }

  @Test
  void shouldPublishOneVersionPerInstantRatherThanOnePerAlert() {
    Replay replay = new Replay().withTopology(DemoTopology.EDGES);
    // Detectors that judge windows raise the alerts of one window at the same instant.
    List<Alert> alerts =
        DemoTopology.faultAlerts("payments-db", T0, Duration.ofSeconds(40)).stream()
            .map(
                alert ->
                    Alert.newBuilder(alert)
                        .setStartsAt(
                            alert
                                .getStartsAt()
                                .minusSeconds(
                                    (alert.getStartsAt().getEpochSecond() - T0.getEpochSecond())
                                        % 40))
                        .build())
            .toList();

    replay.alerts(alerts);

    assertThat(alerts).hasSize(12);
    assertThat(replay.latest()).hasSize(1);
    assertThat(replay.published()).hasSize(4);
  }
}
