/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import static io.quell.correlate.testing.TestAlerts.T0;
import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.minutes;
import static io.quell.correlate.testing.TestAlerts.seconds;
import static io.quell.correlate.testing.TestSilences.silence;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.core.AlertTimes;
import io.quell.correlate.core.CorrelationSettings;
import io.quell.correlate.core.suppress.InhibitionRules;
import io.quell.correlate.core.suppress.SuppressionSettings;
import io.quell.correlate.testing.TestAlerts;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.avro.SilenceKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Silences, deploy windows and inhibition in the operator, with Flink's test harness. */
class SuppressionOperatorTest {

  private static final CorrelationSettings SETTINGS = CorrelationSettings.defaults();

  private static KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness(
      SuppressionSettings suppression) throws Exception {
    var harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new CorrelateAlerts(SETTINGS, suppression, 100_000),
            alert -> CorrelateAlerts.SINGLE_KEY,
            Types.STRING,
            CorrelateAlerts.TOPOLOGY_STATE,
            CorrelateAlerts.SILENCES_STATE);
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }

  private static KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness()
      throws Exception {
    return harness(SuppressionSettings.defaults());
  }

  private static void send(
      KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness,
      Alert alert)
      throws Exception {
    harness.processElement(alert, AlertTimes.eventTime(alert));
  }

  private static void publish(
      KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness,
      io.quell.schemas.avro.Silence silence)
      throws Exception {
    harness.processBroadcastElement(ControlUpdate.of(SilenceUpdate.upsert(silence)), 0);
  }

  private static void watermark(
      KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness, Instant at)
      throws Exception {
    harness.processWatermark(at.toEpochMilli());
  }

  private static Incident last(
      KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness) {
    List<Incident> versions = harness.extractOutputValues();
    return versions.get(versions.size() - 1);
  }

  private static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> harness) {
    return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  @Test
  void shouldMuteAnIncidentByASilenceThatArrivedBeforeItsAlertsButKeepTheAlerts() throws Exception {
    try (var harness = harness()) {
      publish(harness, silence("s1", T0, minutes(60), "service=checkout"));
      send(harness, firing("a1", "checkout", T0));
      send(harness, firing("a2", "checkout", seconds(10)));
      watermark(harness, seconds(30));

      Incident incident = last(harness);
      assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
      assertThat(incident.getAlerts())
          .extracting(MemberAlert::getFingerprint)
          .containsExactly("a1", "a2");
      assertThat(incident.getSuppression().getSilenceId()).isEqualTo("s1");
      assertThat(incident.getSuppression().getReason()).isEqualTo("test silence s1");
      assertThat(incident.getAlerts())
          .allSatisfy(alert -> assertThat(alert.getSuppression().getSilenceId()).isEqualTo("s1"));
    }
  }

  @Test
  void shouldMuteOnlyWhenEveryMemberIsMuted() throws Exception {
    try (var harness = harness()) {
      publish(harness, silence("s1", T0, minutes(60), "alertname=HighErrorRate", "env=prod"));
      send(harness, firing("a1", "checkout", T0));
      send(harness, TestAlerts.builder("a2", "HighLatency", "checkout", seconds(5)).build());
      watermark(harness, seconds(30));

      Incident incident = last(harness);
      assertThat(incident.getSuppression()).isNull();
      assertThat(incident.getAlerts().get(0).getSuppression().getSilenceId()).isEqualTo("s1");
      assertThat(incident.getAlerts().get(1).getSuppression()).isNull();
    }
  }

  @Test
  void shouldMuteAPublishedIncidentWhenASilenceArrivesWhileRunningAndUnmuteItWhenDeleted()
      throws Exception {
    try (var harness = harness()) {
      send(harness, firing("a1", "checkout", T0));
      watermark(harness, seconds(30));
      assertThat(last(harness).getSuppression()).isNull();

      publish(harness, silence("s1", T0, minutes(60), "service=checkout"));
      // Taken up at the next check, every 30 s of event time.
      watermark(harness, seconds(60));
      Incident muted = last(harness);
      assertThat(muted.getVersion()).isEqualTo(2);
      assertThat(muted.getStatus()).isEqualTo(IncidentStatus.UPDATED);
      assertThat(muted.getSuppression().getSilenceId()).isEqualTo("s1");

      // Changed: now it mutes another service only.
      publish(harness, silence("s1", T0, minutes(60), "service=payments"));
      watermark(harness, seconds(90));
      assertThat(last(harness).getVersion()).isEqualTo(3);
      assertThat(last(harness).getSuppression()).isNull();

      publish(harness, silence("s1", T0, minutes(60), "service=checkout"));
      watermark(harness, seconds(120));
      assertThat(last(harness).getSuppression()).isNotNull();
      harness.processBroadcastElement(ControlUpdate.of(SilenceUpdate.removal("s1")), 0);
      watermark(harness, seconds(150));
      assertThat(last(harness).getVersion()).isEqualTo(5);
      assertThat(last(harness).getSuppression()).isNull();
      assertThat(harness.getBroadcastState(CorrelateAlerts.SILENCES_STATE).entries()).isEmpty();
    }
  }

  @Test
  void shouldUnmuteExactlyWhenTheSilenceEnds() throws Exception {
    try (var harness = harness(SuppressionSettings.defaults().withRecheck(Duration.ZERO))) {
      publish(harness, silence("s1", T0, minutes(5), "service=checkout"));
      send(harness, firing("a1", "checkout", T0));
      watermark(harness, seconds(30));
      assertThat(last(harness).getSuppression()).isNotNull();

      watermark(harness, minutes(6));

      List<Incident> versions = harness.extractOutputValues();
      assertThat(versions).hasSize(2);
      assertThat(versions.get(1).getSuppression()).isNull();
      assertThat(versions.get(1).getLastSeen()).isEqualTo(T0);
      assertThat(harness.extractOutputStreamRecords().get(1).getTimestamp())
          .isEqualTo(minutes(5).toEpochMilli());
    }
  }

  @Test
  void shouldMuteTheDeployedServiceForTheDeployWindowAndForgetTheWindowAfterwards()
      throws Exception {
    try (var harness = harness()) {
      send(
          harness,
          TestAlerts.builder("deploy-1", "Deploy", "checkout", T0)
              .setLabels(Map.of("event", "deploy", "service", "checkout"))
              .build());
      send(harness, firing("a1", "checkout", minutes(1)));
      send(harness, firing("p1", "payments", minutes(1)));
      watermark(harness, minutes(2));

      List<Incident> versions = harness.extractOutputValues();
      assertThat(versions).hasSize(2);
      Incident checkout =
          versions.stream().filter(i -> i.getServices().contains("checkout")).findFirst().get();
      Incident payments =
          versions.stream().filter(i -> i.getServices().contains("payments")).findFirst().get();
      assertThat(checkout.getSuppression().getKind()).isEqualTo(SilenceKind.DEPLOY);
      assertThat(checkout.getSuppression().getSilenceId())
          .isEqualTo("deploy/checkout/2026-03-02T09:00:00Z");
      assertThat(checkout.getAlerts())
          .extracting(MemberAlert::getFingerprint)
          .containsExactly("a1");
      assertThat(payments.getSuppression()).isNull();

      // The window ends at 5 min: the checkout incident is no longer muted.
      watermark(harness, minutes(6));
      assertThat(last(harness).getServices()).containsExactly("checkout");
      assertThat(last(harness).getSuppression()).isNull();

      harness.processWatermark(Long.MAX_VALUE);
      assertThat(keyedStateEntries(harness)).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  private static final String RULES =
      """
      - name: node-down
        source: ['alertname="NodeDown"']
        target: ['severity="warning"']
        equal: [node]
        lateness-ms: 60000
      """;

  private static Alert nodeDown(Instant at) {
    return TestAlerts.builder("node-down-n1", "NodeDown", "node-n1", at)
        .setLabels(Map.of("node", "n1"))
        .setSeverity(Severity.CRITICAL)
        .build();
  }

  private static Alert latency(String fingerprint, String service, Instant at) {
    return TestAlerts.builder(fingerprint, "HighLatency", service, at)
        .setLabels(Map.of("node", "n1"))
        .build();
  }

  @Test
  void shouldInhibitATargetWhoseSourceArrivesLaterWithinTheLatenessInEveryOrder() throws Exception {
    SuppressionSettings settings =
        SuppressionSettings.defaults()
            .withInhibitionRules(InhibitionRules.parse(RULES, Duration.ofMinutes(1)));
    List<Alert> story = List.of(latency("t1", "api", T0), nodeDown(seconds(40)));
    List<List<Incident>> outcomes = new ArrayList<>();
    for (List<Alert> arrival : List.of(story, List.of(story.get(1), story.get(0)))) {
      try (var harness = harness(settings)) {
        for (Alert alert : arrival) {
          send(harness, alert);
        }
        // The target is held until the watermark passes its time plus the lateness.
        watermark(harness, seconds(59));
        assertThat(harness.extractOutputValues())
            .noneMatch(incident -> incident.getServices().contains("api"));
        watermark(harness, minutes(3));
        outcomes.add(harness.extractOutputValues());

        harness.processWatermark(Long.MAX_VALUE);
        assertThat(keyedStateEntries(harness)).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
      }
    }

    assertThat(outcomes.get(1)).isEqualTo(outcomes.get(0));
    Incident api =
        outcomes.get(0).stream()
            .filter(incident -> incident.getServices().contains("api"))
            .findFirst()
            .orElseThrow();
    assertThat(api.getSuppression().getKind()).isEqualTo(SilenceKind.INHIBITION);
    assertThat(api.getSuppression().getSilenceId()).isEqualTo("node-down");
    assertThat(api.getAlerts().get(0).getFirstSeen()).isEqualTo(T0);
  }
}
