/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import static io.quell.correlate.testing.TestAlerts.T0;
import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.minutes;
import static io.quell.correlate.testing.TestAlerts.resolved;
import static io.quell.correlate.testing.TestAlerts.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.core.AlertTimes;
import io.quell.correlate.core.CorrelationSettings;
import io.quell.correlate.testing.DemoTopology;
import io.quell.correlate.testing.Replay;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.TopologyEdge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CorrelateAlertsTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  /** Publishes new incidents at once, for the tests about holding alerts back. */
  private static final CorrelationSettings NO_GROUP_WAIT =
      CorrelationSettings.defaults().withGroupWait(Duration.ZERO);

  private static KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness(
      CorrelationSettings settings, int maxPending) throws Exception {
    var harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new CorrelateAlerts(settings, maxPending),
            alert -> CorrelateAlerts.SINGLE_KEY,
            Types.STRING,
            CorrelateAlerts.TOPOLOGY_STATE,
            CorrelateAlerts.SILENCES_STATE);
    // The topology input is settled: only the alerts move event time.
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }

  private static KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness()
      throws Exception {
    return harness(CorrelationSettings.defaults(), 100_000);
  }

  private static void send(
      KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness,
      Alert alert)
      throws Exception {
    harness.processElement(alert, AlertTimes.eventTime(alert));
  }

  private static void watermark(
      KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness, Instant at)
      throws Exception {
    harness.processWatermark(at.toEpochMilli());
  }

  private static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> harness) {
    return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  @Test
  void shouldHoldAnAlertUntilTheWatermarkPassesIt() throws Exception {
    try (var harness = harness(NO_GROUP_WAIT, 100_000)) {
      send(harness, firing("a1", "checkout", T0));
      watermark(harness, T0.minusMillis(1));
      assertThat(harness.extractOutputValues()).isEmpty();

      watermark(harness, T0);

      assertThat(harness.extractOutputValues())
          .extracting(Incident::getStatus)
          .containsExactly(IncidentStatus.OPEN);
      assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp())
          .isEqualTo(T0.toEpochMilli());
    }
  }

  @Test
  void shouldGroupAlertsWithTheTopologyFromTheBroadcastSide() throws Exception {
    try (var harness = harness()) {
      harness.processBroadcastElement(
          ControlUpdate.of(
              TopologyUpdate.upsert(DemoTopology.edge("checkout", "payments", EdgeKind.HTTP))),
          0);
      harness.processBroadcastElement(
          ControlUpdate.of(
              TopologyUpdate.upsert(DemoTopology.edge("checkout", "search", EdgeKind.HTTP))),
          0);
      harness.processBroadcastElement(
          ControlUpdate.of(TopologyUpdate.removal("checkout", "search")), 0);

      send(harness, firing("p1", "payments", T0));
      send(harness, firing("c1", "checkout", seconds(10)));
      send(harness, firing("s1", "search", seconds(20)));
      watermark(harness, minutes(1));

      List<Incident> versions = harness.extractOutputValues();
      assertThat(versions.stream().map(Incident::getId).distinct()).hasSize(2);
      assertThat(versions.get(0).getAlerts())
          .extracting(MemberAlert::getFingerprint)
          .containsExactly("p1", "c1");
      assertThat(harness.getBroadcastState(CorrelateAlerts.TOPOLOGY_STATE).entries())
          .extracting(entry -> entry.getKey())
          .containsExactly("checkout->payments");
    }
  }

  @Test
  void shouldGiveTheSameIncidentsForAnyArrivalOrderWithinTheBound() throws Exception {
    List<Alert> story = new ArrayList<>();
    story.addAll(DemoTopology.faultAlerts("orders-db", minutes(6), Duration.ofSeconds(20)));
    story.addAll(DemoTopology.faultAlerts("users-db", minutes(7), Duration.ofSeconds(25)));
    story.add(firing("stray", "search", minutes(2)));
    Alert stray = story.get(story.size() - 1);
    story.add(resolved(stray, minutes(3)));
    Replay reference = new Replay().withTopology(DemoTopology.EDGES);
    reference.alerts(story);
    reference.advanceTo(Instant.ofEpochMilli(Long.MAX_VALUE));
    // The gateway and users-api alerts connect the two faults: their incidents merge while the
    // users-db one still waits, so it is never published.
    assertThat(reference.latest()).hasSize(2);
    assertThat(reference.latest().values())
        .anySatisfy(
            incident -> assertThat(incident.getServices()).contains("orders-db", "users-db"));

    Random random = new Random(11);
    for (int round = 0; round < 10; round++) {
      // Each alert arrives up to the bound after its event time: never late.
      List<Alert> arrival = new ArrayList<>(story);
      List<Long> delays = new ArrayList<>();
      arrival.forEach(alert -> delays.add((long) random.nextInt((int) BOUND.toMillis())));
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < arrival.size(); i++) {
        order.add(i);
      }
      order.sort(
          Comparator.comparingLong(i -> AlertTimes.eventTime(arrival.get(i)) + delays.get(i)));

      try (var harness = harness()) {
        for (TopologyEdge edge : DemoTopology.EDGES) {
          harness.processBroadcastElement(ControlUpdate.of(TopologyUpdate.upsert(edge)), 0);
        }
        long maxSeen = Long.MIN_VALUE;
        for (int i : order) {
          Alert alert = arrival.get(i);
          send(harness, alert);
          maxSeen = Math.max(maxSeen, AlertTimes.eventTime(alert));
          harness.processWatermark(maxSeen - BOUND.toMillis() - 1);
        }
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues()).isEqualTo(reference.published());
      }
    }
  }

  @Test
  void shouldReturnStateAndTimersToZeroOnceEveryIncidentClosed() throws Exception {
    try (var harness = harness()) {
      Alert a1 = firing("a1", "checkout", T0);
      send(harness, a1);
      send(harness, firing("a2", "checkout", seconds(30)));
      send(harness, resolved(a1, minutes(1)));
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      watermark(harness, minutes(1));
      assertThat(keyedStateEntries(harness)).isPositive();
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      // a2 joined during the group wait and never resolves: the quiet period resolves the
      // incident, the close period closes it.
      watermark(harness, seconds(30).plus(Duration.ofMinutes(10)));
      assertThat(harness.extractOutputValues())
          .extracting(Incident::getStatus)
          .endsWith(IncidentStatus.RESOLVED);
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      watermark(harness, seconds(30).plus(Duration.ofMinutes(40)));

      assertThat(harness.extractOutputValues())
          .extracting(Incident::getStatus)
          .containsExactly(
              IncidentStatus.OPEN,
              IncidentStatus.UPDATED,
              IncidentStatus.UPDATED,
              IncidentStatus.RESOLVED,
              IncidentStatus.CLOSED);
      // a1's resolution is batched into the notification at the end of the group interval.
      assertThat(harness.extractOutputValues())
          .extracting(Incident::getNotify)
          .containsExactly(true, false, true, true, false);
      assertThat(harness.extractOutputValues().get(0).getAlerts()).hasSize(2);
      assertThat(keyedStateEntries(harness)).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void shouldHandleALateAlertAtTheNextWatermarkAsHeardJustAfterTheLastOne() throws Exception {
    try (var harness = harness()) {
      send(harness, firing("a1", "checkout", T0));
      watermark(harness, minutes(5));

      send(harness, firing("a2", "checkout", minutes(1)));
      assertThat(harness.extractOutputValues()).hasSize(1);
      watermark(harness, minutes(5).plusMillis(1));

      List<Incident> versions = harness.extractOutputValues();
      assertThat(versions).hasSize(2);
      MemberAlert late = versions.get(1).getAlerts().get(1);
      assertThat(late.getFirstSeen()).isEqualTo(minutes(1));
      assertThat(late.getLastSeen()).isEqualTo(minutes(5).plusMillis(1));
    }
  }

  @Test
  void shouldNotPublishARepeatThatChangesNothing() throws Exception {
    try (var harness = harness()) {
      Alert a1 = firing("a1", "checkout", T0);
      send(harness, a1);
      watermark(harness, minutes(1));
      for (int minute = 2; minute <= 5; minute++) {
        send(harness, a1);
        watermark(harness, minutes(minute));
      }

      assertThat(harness.extractOutputValues()).hasSize(1);
    }
  }

  @Test
  void shouldHandleTheEarliestAlertsOutOfTurnWhenTooManyWait() throws Exception {
    try (var harness = harness(NO_GROUP_WAIT, 2)) {
      send(harness, firing("b1", "search", seconds(10)));
      send(harness, firing("a1", "checkout", T0));
      assertThat(harness.extractOutputValues()).isEmpty();

      send(harness, firing("c1", "cache", seconds(20)));

      assertThat(harness.extractOutputValues())
          .extracting(incident -> incident.getAlerts().get(0).getFingerprint())
          .containsExactly("a1");
      watermark(harness, seconds(20));
      assertThat(harness.extractOutputValues()).hasSize(3);
    }
  }

  @Test
  void shouldPublishANewIncidentWhenTheWatermarkPassesTheEndOfItsGroupWait() throws Exception {
    try (var harness = harness()) {
      send(harness, firing("a1", "checkout", T0));
      send(harness, firing("a2", "checkout", seconds(10)));
      watermark(harness, seconds(10));
      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      watermark(harness, seconds(30).minusMillis(1));
      assertThat(harness.extractOutputValues()).isEmpty();

      watermark(harness, seconds(30));
      List<Incident> versions = harness.extractOutputValues();
      assertThat(versions).extracting(Incident::getStatus).containsExactly(IncidentStatus.OPEN);
      assertThat(versions.get(0).getVersion()).isEqualTo(1);
      assertThat(versions.get(0).getAlerts())
          .extracting(MemberAlert::getFingerprint)
          .containsExactly("a1", "a2");
      assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp())
          .isEqualTo(seconds(30).toEpochMilli());
      // The next deadline: the quiet period after a2.
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      harness.processWatermark(Long.MAX_VALUE);
      assertThat(harness.extractOutputValues())
          .extracting(Incident::getStatus)
          .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED, IncidentStatus.CLOSED);
      assertThat(keyedStateEntries(harness)).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void shouldMergeTheCallersIncidentsInEveryArrivalOrderAndReturnToZero() throws Exception {
    Instant fault = Instant.parse("2026-03-02T04:33:00Z");
    List<Alert> story =
        List.of(
            firing("burst/billing-worker", "billing-worker", fault),
            firing("burst/exports-worker", "exports-worker", fault),
            firing("zscore/inventory-db", "inventory-db", fault.plusSeconds(16)),
            firing("burst/reports-worker", "reports-worker", fault.plusSeconds(20)));
    List<TopologyEdge> edges =
        List.of(
            DemoTopology.edge("billing-worker", "inventory-db", EdgeKind.DATABASE),
            DemoTopology.edge("exports-worker", "inventory-db", EdgeKind.DATABASE),
            DemoTopology.edge("reports-worker", "inventory-db", EdgeKind.DATABASE));
    Replay reference = new Replay().withTopology(edges);
    reference.alerts(story);
    reference.advanceTo(Instant.ofEpochMilli(Long.MAX_VALUE));
    assertThat(reference.latest()).hasSize(1);
    assertThat(reference.published().get(0).getAlerts()).hasSize(4);

    for (List<Alert> arrival : permutations(story)) {
      try (var harness = harness()) {
        for (TopologyEdge edge : edges) {
          harness.processBroadcastElement(ControlUpdate.of(TopologyUpdate.upsert(edge)), 0);
        }
        // All four arrive within the bound of each other: none is late.
        for (Alert alert : arrival) {
          send(harness, alert);
        }
        watermark(harness, fault.minusMillis(1));
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues()).isEqualTo(reference.published());
        assertThat(keyedStateEntries(harness)).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
      }
    }
  }

  private static List<List<Alert>> permutations(List<Alert> alerts) {
    if (alerts.isEmpty()) {
      return List.of(List.of());
    }
    List<List<Alert>> result = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      List<Alert> rest = new ArrayList<>(alerts);
      Alert first = rest.remove(i);
      for (List<Alert> tail : permutations(rest)) {
        List<Alert> permutation = new ArrayList<>(List.of(first));
        permutation.addAll(tail);
        result.add(permutation);
      }
    }
    return result;
  }

  @Test
  void shouldContinueFromASnapshotAsIfNeverStopped() throws Exception {
    Alert a1 = firing("p1", "payments", T0);
    List<Alert> before = List.of(a1, firing("c1", "checkout", seconds(10)));
    List<Alert> after = List.of(firing("c2", "checkout", seconds(50)), resolved(a1, minutes(2)));

    List<Incident> uninterrupted;
    try (var harness = harness()) {
      harness.processBroadcastElement(
          ControlUpdate.of(
              TopologyUpdate.upsert(DemoTopology.edge("checkout", "payments", EdgeKind.HTTP))),
          0);
      for (Alert alert : before) {
        send(harness, alert);
      }
      watermark(harness, seconds(20));
      for (Alert alert : after) {
        send(harness, alert);
      }
      harness.processWatermark(Long.MAX_VALUE);
      uninterrupted = harness.extractOutputValues();
    }

    OperatorSubtaskState snapshot;
    List<Incident> resumed = new ArrayList<>();
    try (var harness = harness()) {
      harness.processBroadcastElement(
          ControlUpdate.of(
              TopologyUpdate.upsert(DemoTopology.edge("checkout", "payments", EdgeKind.HTTP))),
          0);
      for (Alert alert : before) {
        send(harness, alert);
      }
      // One alert still waits for the watermark when the snapshot is taken.
      send(harness, after.get(0));
      watermark(harness, seconds(20));
      resumed.addAll(harness.extractOutputValues());
      snapshot = harness.snapshot(1, 1);
    }
    try (var harness = restored(snapshot)) {
      send(harness, after.get(1));
      harness.processWatermark(Long.MAX_VALUE);
      resumed.addAll(harness.extractOutputValues());
    }

    assertThat(resumed).isEqualTo(uninterrupted);
    assertThat(uninterrupted).extracting(Incident::getStatus).endsWith(IncidentStatus.CLOSED);
  }

  @Test
  void shouldKeepPendingNotificationsFlappingAlertsAndSealedIncidentsAcrossARestore()
      throws Exception {
    CorrelationSettings settings =
        CorrelationSettings.defaults()
            .withResolveQuietPeriod(Duration.ofHours(1))
            .withMaxLifetime(Duration.ofMinutes(20))
            .withFlapping(4, Duration.ofMinutes(10));
    Alert a1 = firing("a1", "checkout", T0);
    List<Alert> before = new ArrayList<>(List.of(a1, firing("a2", "checkout", minutes(1))));
    for (int i = 1; i <= 4; i++) {
      before.add(
          i % 2 == 1 ? resolved(a1, minutes(1 + i)) : firing("a1", "checkout", minutes(1 + i)));
    }
    // The fourth flip (at 5 min) makes a1 flap; its version waits for the group interval. After
    // the restore: the pending notification, a held flip, the end of flapping, the lifetime's end,
    // and a related alert that continues the sealed incident.
    List<Alert> after = List.of(resolved(a1, minutes(6)), firing("a3", "checkout", minutes(22)));
    Instant cut = minutes(5).plusSeconds(10);

    List<Incident> uninterrupted;
    try (var harness = harness(settings, 100_000)) {
      sendInTimeOrder(harness, before, cut);
      sendInTimeOrder(harness, after, null);
      harness.processWatermark(Long.MAX_VALUE);
      uninterrupted = harness.extractOutputValues();
    }

    OperatorSubtaskState snapshot;
    List<Incident> resumed = new ArrayList<>();
    try (var harness = harness(settings, 100_000)) {
      sendInTimeOrder(harness, before, cut);
      resumed.addAll(harness.extractOutputValues());
      snapshot = harness.snapshot(1, 1);
    }
    try (var harness = restored(snapshot, settings)) {
      sendInTimeOrder(harness, after, null);
      harness.processWatermark(Long.MAX_VALUE);
      resumed.addAll(harness.extractOutputValues());
    }

    assertThat(resumed).isEqualTo(uninterrupted);
    assertThat(uninterrupted)
        .anySatisfy(v -> assertThat(v.getAlerts().get(0).getFlapping()).isTrue());
    assertThat(uninterrupted).anySatisfy(v -> assertThat(v.getNotify()).isFalse());
    assertThat(uninterrupted).anySatisfy(v -> assertThat(v.getContinuedFrom()).isNotNull());
  }

  /** Sends each alert at its event time with the watermark just behind; then up to {@code cut}. */
  private static void sendInTimeOrder(
      KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> harness,
      List<Alert> alerts,
      Instant cut)
      throws Exception {
    for (Alert alert : alerts) {
      send(harness, alert);
      harness.processWatermark(AlertTimes.eventTime(alert) - 1);
    }
    if (cut != null) {
      watermark(harness, cut);
    }
  }

  private static KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> restored(
      OperatorSubtaskState snapshot) throws Exception {
    return restored(snapshot, CorrelationSettings.defaults());
  }

  private static KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident> restored(
      OperatorSubtaskState snapshot, CorrelationSettings settings) throws Exception {
    var harness =
        new KeyedBroadcastOperatorTestHarness<String, Alert, ControlUpdate, Incident>(
            new CoBroadcastWithKeyedOperator<>(
                new CorrelateAlerts(settings, 100_000),
                List.of(CorrelateAlerts.TOPOLOGY_STATE, CorrelateAlerts.SILENCES_STATE)),
            alert -> CorrelateAlerts.SINGLE_KEY,
            Types.STRING,
            1,
            1,
            0);
    harness.setup();
    harness.initializeState(snapshot);
    harness.open();
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }
}
