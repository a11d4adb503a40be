/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import static io.quell.correlate.testing.TestAlerts.T0;
import static io.quell.correlate.testing.TestAlerts.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.testing.TestAlerts;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.SilenceKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployMarkersTest {

  static Alert deploy(String service, java.time.Instant at) {
    return TestAlerts.builder("deploy/" + service + "/" + at, "Deploy", service, at)
        .setLabels(Map.of("event", "deploy", "service", service, "version", "2.41.0"))
        .build();
  }

  @Test
  void shouldOpenAWindowThatMutesTheDeployedServiceForItsLength() {
    Alert marker = deploy("checkout", T0);

    Silence window = DeployMarkers.window(marker, Duration.ofMinutes(5));
    SilenceRule rule = SilenceRule.of(window);

    assertThat(DeployMarkers.isDeploy(marker)).isTrue();
    assertThat(window.getKind()).isEqualTo(SilenceKind.DEPLOY);
    assertThat(window.getId()).isEqualTo("deploy/checkout/2026-03-02T09:00:00Z");
    assertThat(window.getComment()).contains("checkout").contains("2.41.0");
    Map<String, String> checkout = Map.of("service", "checkout");
    assertThat(rule.mutes(checkout, T0.toEpochMilli())).isTrue();
    assertThat(rule.mutes(checkout, minutes(5).toEpochMilli() - 1)).isTrue();
    assertThat(rule.mutes(checkout, minutes(5).toEpochMilli())).isFalse();
    assertThat(rule.mutes(Map.of("service", "payments"), T0.toEpochMilli())).isFalse();
  }

  @Test
  void shouldOpenNothingWhenDisabledOrWithoutServiceOrForAnOrdinaryAlert() {
    assertThat(DeployMarkers.window(deploy("checkout", T0), Duration.ZERO)).isNull();
    Alert serviceless =
        TestAlerts.builder("d", "Deploy", null, T0).setLabels(Map.of("event", "deploy")).build();
    assertThat(DeployMarkers.window(serviceless, Duration.ofMinutes(5))).isNull();
    assertThat(DeployMarkers.isDeploy(TestAlerts.firing("a", "checkout", T0))).isFalse();
  }
}
