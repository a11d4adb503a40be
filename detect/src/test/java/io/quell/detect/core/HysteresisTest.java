/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.detect.core.Transition.Kind;
import io.quell.schemas.avro.Severity;
import org.junit.jupiter.api.Test;

class HysteresisTest {
  private final Hysteresis hysteresis = new Hysteresis(3, 2);
  private final AlertEpisode episode = new AlertEpisode();

  private Transition anomalous(long at, double score, Severity severity) {
    return hysteresis.observe(episode, at, true, false, score, severity);
  }

  private Transition normal(long at) {
    return hysteresis.observe(episode, at, false, true, 0, null);
  }

  private Transition grey(long at) {
    return hysteresis.observe(episode, at, false, false, 4, null);
  }

  @Test
  void shouldFireOnlyAfterTheConfiguredNumberOfAnomalousObservationsInARow() {
    assertThat(anomalous(10, 6, Severity.WARNING).kind()).isEqualTo(Kind.NONE);
    assertThat(anomalous(20, 8, Severity.WARNING).kind()).isEqualTo(Kind.NONE);

    Transition fired = anomalous(30, 7, Severity.WARNING);

    assertThat(fired.kind()).isEqualTo(Kind.FIRED);
    assertThat(fired.at()).as("starts at the first anomalous observation").isEqualTo(10);
    assertThat(fired.peakScore()).isEqualTo(8);
    assertThat(fired.severity()).isEqualTo(Severity.WARNING);
    assertThat(episode.isFiring()).isTrue();
  }

  @Test
  void shouldStartOverWhenANormalObservationBreaksAPendingRun() {
    anomalous(10, 6, Severity.WARNING);
    anomalous(20, 6, Severity.WARNING);
    normal(30);

    assertThat(episode.isIdle()).isTrue();
    assertThat(anomalous(40, 6, Severity.WARNING).kind()).isEqualTo(Kind.NONE);
    assertThat(anomalous(50, 6, Severity.WARNING).kind()).isEqualTo(Kind.NONE);
    Transition fired = anomalous(60, 6, Severity.WARNING);
    assertThat(fired.kind()).isEqualTo(Kind.FIRED);
    assertThat(fired.at()).isEqualTo(40);
  }

  @Test
  void shouldResolveAfterTheConfiguredNumberOfNormalObservationsInARowEndingAtTheFirst() {
    anomalous(10, 6, Severity.WARNING);
    anomalous(20, 6, Severity.WARNING);
    anomalous(30, 6, Severity.WARNING);
    assertThat(normal(40).kind()).isEqualTo(Kind.NONE);
    assertThat(anomalous(50, 6, Severity.WARNING).kind())
        .as("one normal point does not close an alert")
        .isEqualTo(Kind.NONE);
    assertThat(normal(60).kind()).isEqualTo(Kind.NONE);

    Transition resolved = normal(70);

    assertThat(resolved.kind()).isEqualTo(Kind.RESOLVED);
    assertThat(resolved.at()).isEqualTo(60);
    assertThat(episode.isIdle()).isTrue();
  }

  @Test
  void shouldNeitherFireNorResolveOnGreyObservations() {
    anomalous(10, 6, Severity.WARNING);
    anomalous(20, 6, Severity.WARNING);
    assertThat(grey(30).kind()).isEqualTo(Kind.NONE);
    assertThat(episode.isIdle()).as("grey breaks a pending run").isTrue();

    anomalous(40, 6, Severity.WARNING);
    anomalous(50, 6, Severity.WARNING);
    anomalous(60, 6, Severity.WARNING);
    normal(70);
    assertThat(grey(80).kind()).isEqualTo(Kind.NONE);
    assertThat(normal(90).kind()).as("grey restarted the count").isEqualTo(Kind.NONE);
    Transition resolved = normal(100);

    assertThat(resolved.kind()).isEqualTo(Kind.RESOLVED);
    assertThat(resolved.at()).isEqualTo(90);
  }

  @Test
  void shouldEscalateOnceWhenAFiringAlertTurnsCritical() {
    anomalous(10, 6, Severity.WARNING);
    anomalous(20, 6, Severity.WARNING);
    anomalous(30, 6, Severity.WARNING);

    Transition escalated = anomalous(40, 20, Severity.CRITICAL);

    assertThat(escalated.kind()).isEqualTo(Kind.ESCALATED);
    assertThat(escalated.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(escalated.peakScore()).isEqualTo(20);
    assertThat(anomalous(50, 25, Severity.CRITICAL).kind()).isEqualTo(Kind.NONE);
    assertThat(anomalous(60, 6, Severity.WARNING).kind())
        .as("severity never steps down while firing")
        .isEqualTo(Kind.NONE);
    assertThat(episode.getSeverity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void shouldFireCriticalWhenAnyPendingObservationWasCritical() {
    anomalous(10, 6, Severity.WARNING);
    anomalous(20, 30, Severity.CRITICAL);

    assertThat(anomalous(30, 6, Severity.WARNING).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void shouldForceResolveAFiringAlertAndDoNothingOtherwise() {
    assertThat(hysteresis.forceResolve(episode, 5).kind()).isEqualTo(Kind.NONE);
    anomalous(10, 6, Severity.WARNING);
    anomalous(20, 6, Severity.WARNING);
    anomalous(30, 6, Severity.WARNING);

    Transition resolved = hysteresis.forceResolve(episode, 30);

    assertThat(resolved.kind()).isEqualTo(Kind.RESOLVED);
    assertThat(resolved.at()).isEqualTo(30);
    assertThat(episode.isIdle()).isTrue();
  }

  @Test
  void shouldRejectCountsBelowOne() {
    assertThatThrownBy(() -> new Hysteresis(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hysteresis(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
