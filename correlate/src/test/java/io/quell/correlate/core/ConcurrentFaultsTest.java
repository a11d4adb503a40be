/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.testing.Replay;
import io.quell.correlate.testing.TestAlerts;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.MemberAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two faults at once in one connected region stay two incidents: a dependency that starts failing
 * after the cause window is a fault of its own, a new alert next to a fault that just began goes to
 * it, and an alert that is only a victim of both merges nothing. The topology: {@code web} calls
 * {@code api}, which calls the databases {@code db1} and {@code db2}.
 */
class ConcurrentFaultsTest {

  static final Instant T = TestAlerts.T0;

  static Replay replay(CorrelationSettings settings) {
    Replay replay = new Replay(settings);
    replay.topology.put("web", "api", EdgeKind.HTTP);
    replay.topology.put("api", "db1", EdgeKind.DATABASE);
    replay.topology.put("api", "db2", EdgeKind.DATABASE);
    return replay;
  }

  static CorrelationSettings defaults() {
    return CorrelationSettings.defaults();
  }

  static CorrelationSettings withoutCauseWindow() {
    return CorrelationSettings.defaults().withCauseWindow(Duration.ZERO);
  }

  private static Incident incidentWith(Replay replay, String fingerprint) {
    return replay.latest().values().stream()
        .filter(
            incident ->
                incident.getMergedInto() == null
                    && incident.getAlerts().stream()
                        .anyMatch(member -> member.getFingerprint().equals(fingerprint)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no incident holds " + fingerprint));
  }

  private static long openIncidents(Replay replay) {
    return replay.latest().values().stream().filter(i -> i.getMergedInto() == null).count();
  }

  /**
   * The story most cases start from: {@code db1} fails at {@link #T} (with {@code api}, which calls
   * it, too when {@code withVictim}), and {@code db2} five minutes later, well past db1's cause
   * window. Returns when db2 began.
   */
  private static Instant db1ThenDb2(Replay replay, boolean withVictim) {
    replay.alerts(TestAlerts.firing("db1-latency", "db1", T));
    if (withVictim) {
      replay.alerts(TestAlerts.firing("api-latency", "api", T.plusSeconds(10)));
    }
    Instant second = T.plus(Duration.ofMinutes(5));
    replay.alerts(TestAlerts.firing("db2-errors", "db2", second));
    return second;
  }

  private static void assertMembers(Replay replay, String fingerprint, String... members) {
    assertThat(incidentWith(replay, fingerprint).getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactly(members);
  }

  @Test
  void shouldOpenAnIncidentOfItsOwnForADependencyThatStartsFailingAfterTheCauseWindow() {
    Replay replay = replay(defaults());
    replay.alerts(TestAlerts.firing("api-latency", "api", T));

    replay.alerts(TestAlerts.firing("db1-latency", "db1", T.plus(Duration.ofMinutes(5))));
    replay.advanceTo(T.plus(Duration.ofMinutes(6)));

    assertThat(openIncidents(replay)).isEqualTo(2);
    assertMembers(replay, "db1-latency", "db1-latency");
  }

  @Test
  void shouldRelateADependencyAtAnyAgeWithoutACauseWindow() {
    Replay replay = replay(withoutCauseWindow());
    replay.alerts(TestAlerts.firing("api-latency", "api", T));

    replay.alerts(TestAlerts.firing("db1-latency", "db1", T.plus(Duration.ofMinutes(5))));
    replay.advanceTo(T.plus(Duration.ofMinutes(6)));

    assertThat(openIncidents(replay)).isEqualTo(1);
  }

  @Test
  void shouldJoinADependencyWhoseAlertLagsBehindItsCallersWithinTheCauseWindow() {
    Replay replay = replay(defaults());
    replay.alerts(TestAlerts.firing("web-errors", "web", T));
    replay.alerts(TestAlerts.firing("api-errors", "api", T.plusSeconds(20)));

    replay.alerts(TestAlerts.firing("db1-latency", "db1", T.plusSeconds(90)));
    replay.advanceTo(T.plus(Duration.ofMinutes(3)));

    assertThat(openIncidents(replay)).isEqualTo(1);
    Incident incident = incidentWith(replay, "db1-latency");
    assertThat(incident.getAlerts()).hasSize(3);
    assertThat(incident.getRootCauses().get(0).getService()).isEqualTo("db1");
  }

  @Test
  void shouldNotMergeTwoFaultsThatOnlyShareAVictim() {
    Replay replay = replay(defaults());
    Instant second = db1ThenDb2(replay, false);

    // api calls both databases: a victim of both faults.
    replay.alerts(TestAlerts.firing("api-errors", "api", second.plusSeconds(15)));
    replay.advanceTo(second.plus(Duration.ofMinutes(1)));

    assertThat(openIncidents(replay)).isEqualTo(2);
    assertMembers(replay, "db2-errors", "db2-errors", "api-errors");
    assertThat(incidentWith(replay, "db1-latency").getAlerts()).hasSize(1);
  }

  @Test
  void shouldMergeTwoFaultsThatShareAVictimWithoutACauseWindow() {
    Replay replay = replay(withoutCauseWindow());
    Instant second = db1ThenDb2(replay, false);

    replay.alerts(TestAlerts.firing("api-errors", "api", second.plusSeconds(15)));
    replay.advanceTo(second.plus(Duration.ofMinutes(1)));

    assertThat(openIncidents(replay)).isEqualTo(1);
  }

  @Test
  void shouldGiveANewAlertToTheFaultThatJustBeganAtItsDependencyOverAnOlderOneOnItsService() {
    Replay replay = replay(defaults());
    Instant second = db1ThenDb2(replay, true);

    // A new alert on api, already a member of the db1 incident, just after db2 began failing.
    replay.alerts(TestAlerts.firing("api-errors", "api", second.plusSeconds(20)));
    replay.advanceTo(second.plus(Duration.ofMinutes(1)));

    assertThat(openIncidents(replay)).isEqualTo(2);
    Incident db2 = incidentWith(replay, "db2-errors");
    assertThat(db2.getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactly("db2-errors", "api-errors");
    MemberAlert joined = db2.getAlerts().get(1);
    assertThat(joined.getJoinReason().getKind()).isEqualTo(JoinRuleKind.TOPOLOGY);
    assertThat(joined.getJoinReason().getPath()).containsExactly("api", "db2");
    assertMembers(replay, "db1-latency", "db1-latency", "api-latency");
  }

  @Test
  void shouldStillJoinARepeatOrAnOlderFaultsVictimAfterTheNewFaultsCauseWindow() {
    Replay replay = replay(defaults());
    Instant second = db1ThenDb2(replay, true);

    // Past db2's cause window, a new alert on api goes where api already is.
    replay.alerts(TestAlerts.firing("api-errors", "api", second.plus(Duration.ofMinutes(3))));
    replay.advanceTo(second.plus(Duration.ofMinutes(4)));

    assertMembers(replay, "api-errors", "db1-latency", "api-latency", "api-errors");
  }

  @Test
  void shouldGiveAVictimOfTwoFaultsToTheOneWhoseOriginIsFewerCallsAway() {
    Replay replay = replay(defaults());
    replay.topology.put("web", "cache", EdgeKind.CACHE);
    replay.alerts(TestAlerts.firing("cache-misses", "cache", T));
    Instant second = T.plus(Duration.ofMinutes(5));
    replay.alerts(TestAlerts.firing("db1-latency", "db1", second));
    replay.alerts(TestAlerts.firing("api-latency", "api", second.plusSeconds(10)));

    // web calls cache (one call from the first fault) and api (two calls from db1): both
    // incidents relate, by the same rule; the nearer origin wins over the more recent incident.
    Instant third = T.plus(Duration.ofMinutes(10));
    replay.alerts(TestAlerts.firing("web-errors", "web", third));
    replay.advanceTo(third.plus(Duration.ofMinutes(1)));

    assertThat(openIncidents(replay)).isEqualTo(2);
    assertMembers(replay, "web-errors", "cache-misses", "web-errors");
  }

  @Test
  void shouldMergeAnOldFaultWithAYoungIncidentWhenItsPossibleCauseLinksThem() {
    // A fault at db1 spreads slowly: web, two edges away, alerts on its own first; then api,
    // which web calls and which calls db1, connects them.
    Replay replay = replay(defaults());
    replay.alerts(TestAlerts.firing("db1-latency", "db1", T));
    Instant later = T.plus(Duration.ofMinutes(5));
    replay.alerts(TestAlerts.firing("web-errors", "web", later));

    replay.alerts(TestAlerts.firing("api-errors", "api", later.plusSeconds(40)));
    replay.advanceTo(later.plus(Duration.ofMinutes(2)));

    assertThat(openIncidents(replay)).isEqualTo(1);
    Incident merged = incidentWith(replay, "web-errors");
    assertThat(merged.getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactlyInAnyOrder("db1-latency", "web-errors", "api-errors");
    assertThat(merged.getMergedFrom()).hasSize(1);
    assertThat(merged.getRootCauses().get(0).getService()).isEqualTo("db1");
  }

  @Test
  void shouldReadTheCauseWindowFromItsOption() {
    CorrelationSettings settings =
        io.quell.correlate.CorrelateOptions.fromMap(
                Map.of("quell.correlate.cause-window.ms", "45000"))
            .settings();
    assertThat(settings.causeWindow()).isEqualTo(Duration.ofSeconds(45));
    assertThat(CorrelationSettings.defaults().causeWindow()).isEqualTo(Duration.ofMinutes(2));
  }
}
