/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.deploy.eval.SimulatedEvents;
import io.quell.detect.DetectOptions;
import io.quell.ingest.simulator.GroundTruth;
import io.quell.ingest.simulator.Scenario;
import io.quell.ingest.simulator.Simulator;
import io.quell.ingest.simulator.SimulatorOptions;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's simulator played through the detectors with their default settings, offline, at start
 * times spread over a whole day (the simulated traffic follows a daily cycle, and {@code quell
 * demo} starts at the current time), with the demo's warm-up of calm history before each play:
 * every alert must belong to the injected fault, the root service must get a CRITICAL alert, and
 * every alert must resolve within the play. A false alarm before the fault opens a second incident
 * in the demo, which is how this was found.
 */
class DemoScenarioDetectionTest {
  private static final int STARTS_PER_DAY = 6;

  /** How long after the fault ends an alert on an affected service still counts as its echo. */
  private static final Duration RECOVERY = Duration.ofMinutes(2);

  @ParameterizedTest
  @ValueSource(longs = {7, 1, 2, 3})
  void shouldAlertOnlyOnTheFaultedServicesWhileTheFaultLastsAtAnyTimeOfDay(long seed)
      throws InterruptedException {
    DetectOptions options = DetectOptions.defaults();
    List<String> falseAlarms = new ArrayList<>();
    int rootFound = 0;
    List<String> unresolved = new ArrayList<>();
    for (int k = 0; k < STARTS_PER_DAY; k++) {
      Instant start =
          Instant.parse("2026-11-27T00:00:37Z")
              .plus(Duration.ofDays(1).dividedBy(STARTS_PER_DAY).multipliedBy(k));
      Simulator simulator =
          new Simulator(
              Scenario.demo(seed),
              new SimulatorOptions(0, start, null).withWarmUp(Scenario.DEMO_WARM_UP));
      SimulatedEvents events = new SimulatedEvents();
      simulator.run(events, progress -> {});
      GroundTruth fault = simulator.groundTruth().get(0);

      List<Alert> alerts = events.detect(options);
      boolean rootAlerted = false;
      java.util.Set<String> open = new java.util.HashSet<>();
      for (Alert alert : alerts) {
        if (alert.getStatus() != AlertStatus.FIRING) {
          if (alert.getEndsAt().isBefore(simulator.end())) {
            open.remove(alert.getFingerprint());
          }
          continue;
        }
        open.add(alert.getFingerprint());
        boolean duringFault =
            !alert.getStartsAt().isBefore(fault.start())
                && alert.getStartsAt().isBefore(fault.end().plus(RECOVERY));
        if (!duringFault || !fault.affectedServices().contains(alert.getService())) {
          falseAlarms.add(
              "start "
                  + start
                  + ": "
                  + alert.getName()
                  + " on "
                  + alert.getService()
                  + " at +"
                  + Duration.between(start, alert.getStartsAt()).toSeconds()
                  + " s: "
                  + alert.getEvidence().getDescription());
        } else if (alert.getService().equals(fault.rootService())
            && alert.getSeverity() == Severity.CRITICAL) {
          rootAlerted = true;
        }
      }
      if (!open.isEmpty()) {
        unresolved.add("start " + start + ": " + open.size() + " alerts still open at the end");
      }
      if (rootAlerted) {
        rootFound++;
      }
    }
    assertThat(falseAlarms).as("alerts outside the fault").isEmpty();
    assertThat(rootFound)
        .as("plays with a CRITICAL alert on the root service")
        .isEqualTo(STARTS_PER_DAY);
    assertThat(unresolved).as("alerts that did not resolve within the play").isEmpty();
  }
}
