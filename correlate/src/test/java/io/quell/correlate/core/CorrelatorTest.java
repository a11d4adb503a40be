/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static io.quell.correlate.testing.TestAlerts.T0;
import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.minutes;
import static io.quell.correlate.testing.TestAlerts.resolved;
import static io.quell.correlate.testing.TestAlerts.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.testing.Replay;
import io.quell.correlate.testing.TestAlerts;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Grouping and lifecycle, one published version at a time: these tests publish new incidents at
 * once (no group wait); {@link GroupWaitTest} covers the wait, {@link IncidentMergeTest} merging.
 */
class CorrelatorTest {

  private static final CorrelationSettings IMMEDIATE =
      CorrelationSettings.defaults().withGroupWait(Duration.ZERO);

  private static final CorrelationSettings LONG_QUIET =
      IMMEDIATE.withResolveQuietPeriod(Duration.ofHours(1));

  @Test
  void shouldOpenAnIncidentAtVersionOneForTheFirstAlert() {
    Replay replay = new Replay(IMMEDIATE);

    List<Incident> versions = replay.alerts(firing("a1", "checkout", T0));

    assertThat(versions).hasSize(1);
    Incident incident = versions.get(0);
    assertThat(incident.getId()).startsWith("inc-20260302T090000Z-").hasSize(33);
    assertThat(incident.getVersion()).isEqualTo(1);
    assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
    assertThat(incident.getTitle()).isEqualTo("checkout: HighErrorRate");
    assertThat(incident.getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(incident.getServices()).containsExactly("checkout");
    assertThat(incident.getFirstSeen()).isEqualTo(T0);
    assertThat(incident.getLastSeen()).isEqualTo(T0);
    assertThat(incident.getResolvedAt()).isNull();
    MemberAlert member = incident.getAlerts().get(0);
    assertThat(member.getFingerprint()).isEqualTo("a1");
    assertThat(member.getJoinReason().getKind()).isEqualTo(JoinRuleKind.FIRST_ALERT);
    assertThat(member.getJoinReason().getRelatedFingerprint()).isNull();
    assertThat(member.getOccurrences()).isEqualTo(1);
    assertThat(incident.getRootCauses()).hasSize(1);
    assertThat(incident.getRootCauses().get(0).getService()).isEqualTo("checkout");
    assertThat(incident.getRootCauses().get(0).getScore()).isEqualTo(1.0);
  }

  @Test
  void shouldGroupAlertsOfTheSameServiceIntoOneIncident() {
    Replay replay = new Replay(IMMEDIATE);

    replay.alerts(firing("a1", "checkout", T0), firing("a2", "checkout", seconds(60)));

    assertThat(replay.latest()).hasSize(1);
    Incident incident = replay.published().get(1);
    assertThat(incident.getVersion()).isEqualTo(2);
    assertThat(incident.getStatus()).isEqualTo(IncidentStatus.UPDATED);
    assertThat(incident.getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactly("a1", "a2");
    MemberAlert joined = incident.getAlerts().get(1);
    assertThat(joined.getJoinReason().getKind()).isEqualTo(JoinRuleKind.SAME_SERVICE);
    assertThat(joined.getJoinReason().getRelatedFingerprint()).isEqualTo("a1");
    assertThat(joined.getJoinReason().getDetail())
        .isEqualTo("same service checkout as HighErrorRate");
    assertThat(incident.getTitle()).isEqualTo("checkout: 2 alerts on 1 service");
  }

  @Test
  void shouldGroupAlertsOfDirectlyConnectedServicesIntoOneIncident() {
    Replay replay = new Replay(IMMEDIATE);
    replay.topology.put("checkout", "payments", EdgeKind.HTTP);

    replay.alerts(
        firing("p1", "payments", T0),
        firing("c1", "checkout", seconds(30)),
        firing("c2", "checkout", seconds(40)));

    assertThat(replay.latest()).hasSize(1);
    Incident incident = replay.latest().values().iterator().next();
    assertThat(incident.getServices()).containsExactly("checkout", "payments");
    MemberAlert caller = incident.getAlerts().get(1);
    assertThat(caller.getJoinReason().getKind()).isEqualTo(JoinRuleKind.TOPOLOGY);
    assertThat(caller.getJoinReason().getRelatedFingerprint()).isEqualTo("p1");
    assertThat(caller.getJoinReason().getDetail()).isEqualTo("checkout calls payments (HTTP)");
    assertThat(incident.getAlerts().get(2).getJoinReason().getKind())
        .isEqualTo(JoinRuleKind.SAME_SERVICE);
    assertThat(incident.getRootCauses().get(0).getService()).isEqualTo("payments");
    assertThat(incident.getTitle()).isEqualTo("payments: 3 alerts on 2 services");
  }

  @Test
  void shouldGroupAnAlertOfACalleeWithItsCallersIncident() {
    Replay replay = new Replay(IMMEDIATE);
    replay.topology.put("checkout", "payments", EdgeKind.HTTP);

    replay.alerts(firing("c1", "checkout", T0), firing("p1", "payments", seconds(30)));

    assertThat(replay.latest()).hasSize(1);
    MemberAlert callee = replay.latest().values().iterator().next().getAlerts().get(1);
    assertThat(callee.getJoinReason().getKind()).isEqualTo(JoinRuleKind.TOPOLOGY);
    assertThat(callee.getJoinReason().getDetail()).isEqualTo("checkout calls payments (HTTP)");
  }

  @Test
  void shouldKeepAlertsOfUnconnectedServicesApart() {
    Replay replay = new Replay(IMMEDIATE);
    replay.topology.put("checkout", "payments", EdgeKind.HTTP);

    replay.alerts(firing("c1", "checkout", T0), firing("s1", "search", seconds(10)));

    assertThat(replay.latest()).hasSize(2);
    assertThat(replay.published())
        .extracting(Incident::getStatus)
        .containsOnly(IncidentStatus.OPEN);
  }

  @Test
  void shouldNotGroupThroughAServiceWithoutAlerts() {
    Replay replay = new Replay(IMMEDIATE);
    replay.topology.put("gateway", "orders-api", EdgeKind.HTTP);
    replay.topology.put("orders-api", "orders-db", EdgeKind.DATABASE);

    replay.alerts(firing("d1", "orders-db", T0), firing("g1", "gateway", seconds(30)));

    assertThat(replay.latest()).hasSize(2);
  }

  @Test
  void shouldOpenANewIncidentWhenTheAlertStartsOutsideTheGroupingWindow() {
    Replay replay = new Replay(LONG_QUIET);

    replay.alerts(firing("a1", "checkout", T0), firing("a2", "checkout", minutes(11)));

    assertThat(replay.latest()).hasSize(2);
  }

  @Test
  void shouldJoinWithinTheGroupingWindowOfTheLatestActivity() {
    Replay replay = new Replay(LONG_QUIET);

    replay.alerts(
        firing("a1", "checkout", T0),
        firing("a2", "checkout", minutes(9)),
        firing("a3", "checkout", minutes(18)));

    assertThat(replay.latest()).hasSize(1);
  }

  @Test
  void shouldCountARepeatedFiringWithoutAddingAMemberOrPublishing() {
    Replay replay = new Replay(IMMEDIATE);
    Alert first = firing("a1", "checkout", T0);
    replay.alerts(first);

    List<Incident> afterRepeat = replay.alertsAt(minutes(2), first);
    replay.alerts(firing("a2", "checkout", minutes(3)));

    assertThat(afterRepeat).isEmpty();
    Incident incident = replay.published().get(1);
    assertThat(incident.getVersion()).isEqualTo(2);
    assertThat(incident.getAlerts()).hasSize(2);
    MemberAlert repeated = incident.getAlerts().get(0);
    assertThat(repeated.getOccurrences()).isEqualTo(2);
    assertThat(repeated.getFirstSeen()).isEqualTo(T0);
    assertThat(repeated.getLastSeen()).isEqualTo(minutes(2));
  }

  @Test
  void shouldPublishOneVersionPerInstantWhenSeveralAlertsJoinAtOnce() {
    Replay replay = new Replay(IMMEDIATE);

    List<Incident> versions =
        replay.alerts(
            firing("a1", "checkout", T0),
            firing("a2", "checkout", T0),
            firing("a3", "checkout", T0));

    assertThat(versions).hasSize(1);
    assertThat(versions.get(0).getStatus()).isEqualTo(IncidentStatus.OPEN);
    assertThat(versions.get(0).getAlerts()).hasSize(3);
  }

  @Test
  void shouldResolveWhenEveryMemberResolved() {
    Replay replay = new Replay(IMMEDIATE);
    Alert a1 = firing("a1", "checkout", T0);
    Alert a2 = firing("a2", "checkout", seconds(30));

    replay.alerts(a1, a2, resolved(a1, minutes(1)), resolved(a2, minutes(2)));

    assertThat(replay.published())
        .extracting(Incident::getStatus)
        .containsExactly(
            IncidentStatus.OPEN,
            IncidentStatus.UPDATED,
            IncidentStatus.UPDATED,
            IncidentStatus.RESOLVED);
    assertThat(replay.published()).extracting(Incident::getVersion).containsExactly(1L, 2L, 3L, 4L);
    Incident last = replay.published().get(3);
    assertThat(last.getResolvedAt()).isEqualTo(minutes(2));
    assertThat(last.getLastSeen()).isEqualTo(minutes(2));
    assertThat(last.getAlerts())
        .extracting(MemberAlert::getStatus)
        .containsOnly(AlertStatus.RESOLVED);
    assertThat(replay.published().get(2).getAlerts().get(0).getStatus())
        .isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void shouldResolveAfterTheQuietPeriodWithoutFurtherFiring() {
    Replay replay = new Replay(IMMEDIATE);
    replay.alerts(firing("a1", "checkout", T0));

    List<Incident> beforeQuietEnds = replay.advanceTo(minutes(10).minusMillis(1));
    List<Incident> whenQuietEnds = replay.advanceTo(minutes(10));

    assertThat(beforeQuietEnds).isEmpty();
    assertThat(whenQuietEnds).hasSize(1);
    Incident incident = whenQuietEnds.get(0);
    assertThat(incident.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(incident.getVersion()).isEqualTo(2);
    assertThat(incident.getResolvedAt()).isEqualTo(minutes(10));
    assertThat(incident.getAlerts().get(0).getStatus()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void shouldKeepAnIncidentOpenWhileItsAlertRepeats() {
    Replay replay = new Replay(IMMEDIATE);
    Alert alert = firing("a1", "checkout", T0);
    replay.alerts(alert);

    for (int minute = 5; minute <= 30; minute += 5) {
      replay.alertsAt(minutes(minute), alert);
    }
    replay.advanceTo(minutes(39));

    assertThat(replay.published()).hasSize(1);
    assertThat(replay.advanceTo(minutes(40)))
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.RESOLVED);
  }

  @Test
  void shouldLetDeadlinesRunOutBeforeLaterAlerts() {
    Replay replay = new Replay(IMMEDIATE);

    replay.alerts(firing("a1", "checkout", T0), firing("a2", "checkout", minutes(15)));

    assertThat(replay.published())
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED, IncidentStatus.REOPENED);
    assertThat(replay.published().get(1).getResolvedAt()).isEqualTo(minutes(10));
    assertThat(replay.latest()).hasSize(1);
  }

  @Test
  void shouldReopenWhenARelatedAlertFiresAfterResolution() {
    Replay replay = new Replay(IMMEDIATE);
    replay.topology.put("checkout", "payments", EdgeKind.HTTP);
    Alert p1 = firing("p1", "payments", T0);

    replay.alerts(
        p1,
        resolved(p1, minutes(1)),
        firing("c1", "checkout", minutes(5)),
        firing("c2", "checkout", minutes(6)));

    assertThat(replay.published())
        .extracting(Incident::getStatus)
        .containsExactly(
            IncidentStatus.OPEN,
            IncidentStatus.RESOLVED,
            IncidentStatus.REOPENED,
            IncidentStatus.UPDATED);
    Incident reopened = replay.published().get(2);
    assertThat(reopened.getResolvedAt()).isNull();
    assertThat(reopened.getAlerts()).hasSize(2);
    assertThat(replay.latest()).hasSize(1);
  }

  @Test
  void shouldReopenWhenAResolvedMemberFiresAgain() {
    Replay replay = new Replay(IMMEDIATE);
    Alert a1 = firing("a1", "checkout", T0);

    replay.alerts(a1, resolved(a1, minutes(1)), firing("a1", "checkout", minutes(3)));

    assertThat(replay.published())
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED, IncidentStatus.REOPENED);
    MemberAlert member = replay.published().get(2).getAlerts().get(0);
    assertThat(member.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(member.getOccurrences()).isEqualTo(2);
  }

  @Test
  void shouldCloseAfterTheClosePeriodAndForgetTheIncident() {
    // Every change notifies at once: no notification version of its own between resolution and
    // close.
    Replay replay = new Replay(IMMEDIATE.withGroupInterval(Duration.ZERO));
    Alert a1 = firing("a1", "checkout", T0);
    replay.alerts(a1, resolved(a1, minutes(1)));

    assertThat(replay.advanceTo(minutes(31).minusMillis(1))).isEmpty();
    List<Incident> closing = replay.advanceTo(minutes(31));

    assertThat(closing).hasSize(1);
    assertThat(closing.get(0).getStatus()).isEqualTo(IncidentStatus.CLOSED);
    assertThat(closing.get(0).getVersion()).isEqualTo(3);
    assertThat(closing.get(0).getResolvedAt()).isEqualTo(minutes(1));
    assertThat(replay.store.isEmpty()).isTrue();
    assertThat(replay.correlator().nextDeadline()).isEmpty();
  }

  @Test
  void shouldOpenANewIncidentWhenTheSameAlertFiresAfterItsIncidentClosed() {
    Replay replay = new Replay(IMMEDIATE);
    Alert a1 = firing("a1", "checkout", T0);
    replay.alerts(a1, resolved(a1, minutes(1)));
    replay.advanceTo(minutes(31));

    List<Incident> again = replay.alertsAt(minutes(40), a1);

    assertThat(again).hasSize(1);
    assertThat(again.get(0).getStatus()).isEqualTo(IncidentStatus.OPEN);
    assertThat(again.get(0).getVersion()).isEqualTo(1);
    assertThat(again.get(0).getId()).isNotEqualTo(replay.published().get(0).getId());
  }

  @Test
  void shouldTakeTheHighestMemberSeverityAndPublishWhenASeverityChanges() {
    Replay replay = new Replay(IMMEDIATE);
    Alert a1 = firing("a1", "checkout", T0, Severity.INFO);
    replay.alerts(a1, firing("a2", "checkout", seconds(10), Severity.WARNING));

    List<Incident> sameAgain = replay.alertsAt(minutes(1), a1);
    List<Incident> escalated =
        replay.alertsAt(minutes(2), firing("a1", "checkout", T0, Severity.CRITICAL));

    assertThat(replay.published().get(1).getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(sameAgain).isEmpty();
    assertThat(escalated).hasSize(1);
    assertThat(escalated.get(0).getStatus()).isEqualTo(IncidentStatus.UPDATED);
    assertThat(escalated.get(0).getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(escalated.get(0).getAlerts().get(0).getSeverity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void shouldGiveTheSameIdsForTheSameInput() {
    List<Alert> story =
        List.of(
            firing("a1", "checkout", T0),
            firing("b1", "search", seconds(5)),
            firing("a2", "checkout", minutes(45)));

    Replay first = new Replay(IMMEDIATE);
    first.alerts(story);
    Replay second = new Replay(IMMEDIATE);
    second.alerts(story);

    assertThat(first.latest().keySet())
        .hasSize(3)
        .containsExactlyElementsOf(second.latest().keySet());
    assertThat(first.published()).isEqualTo(second.published());
  }

  @Test
  void shouldGiveTheSameIncidentsWhateverTheOrderOfAlertsInAnInstant() {
    List<Alert> instant = new ArrayList<>();
    for (String service : List.of("gateway", "orders-api", "orders-db", "search", "cache")) {
      instant.add(firing("m/" + service, service, T0));
      instant.add(TestAlerts.builder("l/" + service, "LogErrorBurst", service, T0).build());
    }
    Random random = new Random(42);
    List<Incident> reference = null;
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(instant, random);
      Replay replay = new Replay(IMMEDIATE);
      replay.topology.put("gateway", "orders-api", EdgeKind.HTTP);
      replay.topology.put("orders-api", "orders-db", EdgeKind.DATABASE);
      replay.topology.put("search", "cache", EdgeKind.CACHE);
      replay.alertsAt(T0, instant.toArray(Alert[]::new));
      if (reference == null) {
        reference = replay.published();
      }
      assertThat(replay.published()).isEqualTo(reference);
    }
    assertThat(reference).hasSize(2);
  }

  @Test
  void shouldPreferTheIncidentOfAServiceTheAlertCalls() {
    Replay replay = new Replay(IMMEDIATE);
    replay.topology.put("gateway", "orders-api", EdgeKind.HTTP);
    replay.topology.put("orders-api", "orders-db", EdgeKind.DATABASE);
    Alert g1 = firing("g1", "gateway", T0);
    // The gateway's incident is resolved (but not closed): o1 could reopen it or join the other.
    replay.alerts(
        g1,
        resolved(g1, seconds(30)),
        firing("d1", "orders-db", minutes(1)),
        firing("o1", "orders-api", minutes(2)));

    Map<String, Incident> latest = replay.latest();
    assertThat(latest).hasSize(2);
    Incident database =
        latest.values().stream()
            .filter(i -> i.getServices().contains("orders-db"))
            .findFirst()
            .orElseThrow();
    assertThat(database.getServices()).containsExactly("orders-api", "orders-db");
    assertThat(database.getAlerts().get(1).getJoinReason().getDetail())
        .isEqualTo("orders-api calls orders-db (DATABASE)");
  }

  @Test
  void shouldRecordTheStrongerMatchWhenAnAlertMergesTheIncidentsOfItsCallerAndCallee() {
    Replay replay = new Replay(IMMEDIATE);
    replay.topology.put("gateway", "orders-api", EdgeKind.HTTP);
    replay.topology.put("orders-api", "orders-db", EdgeKind.DATABASE);

    replay.alerts(
        firing("g1", "gateway", T0),
        firing("d1", "orders-db", minutes(1)),
        firing("o1", "orders-api", minutes(2)));

    Incident merged = replay.published().get(replay.published().size() - 2);
    assertThat(merged.getServices()).containsExactly("gateway", "orders-api", "orders-db");
    MemberAlert o1 = merged.getAlerts().get(merged.getAlerts().size() - 1);
    assertThat(o1.getFingerprint()).isEqualTo("o1");
    assertThat(o1.getJoinReason().getDetail()).isEqualTo("orders-api calls orders-db (DATABASE)");
    assertThat(merged.getRootCauses().get(0).getService()).isEqualTo("orders-db");
  }

  @Test
  void shouldUseTheTopologyAsItIsWhenTheAlertIsHandled() {
    Replay replay = new Replay(IMMEDIATE);
    replay.topology.put("checkout", "payments", EdgeKind.HTTP);
    replay.alerts(firing("p1", "payments", T0));

    replay.topology.apply("checkout->payments", null);
    replay.alerts(firing("c1", "checkout", seconds(30)));

    assertThat(replay.latest()).hasSize(2);
  }

  @Test
  void shouldGroupAlertsWithoutServiceByNameAndConfiguredLabels() {
    Replay replay = new Replay(IMMEDIATE.withServicelessGroupLabels(List.of("cluster")));

    replay.alerts(
        serviceless("n1", "DiskFull", "eu1", T0),
        serviceless("n2", "DiskFull", "eu1", seconds(30)),
        serviceless("n3", "DiskFull", "us1", seconds(40)),
        serviceless("n4", "DiskFull", null, seconds(50)),
        serviceless("n5", "NodeDown", "eu1", seconds(60)));

    assertThat(replay.latest()).hasSize(4);
    Incident grouped = replay.latest().values().iterator().next();
    assertThat(grouped.getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactly("n1", "n2");
    assertThat(grouped.getAlerts().get(1).getJoinReason().getKind())
        .isEqualTo(JoinRuleKind.SHARED_LABELS);
    assertThat(grouped.getAlerts().get(1).getJoinReason().getDetail())
        .isEqualTo("same alert name DiskFull and labels cluster=eu1");
    assertThat(grouped.getTitle()).isEqualTo("DiskFull: 2 alerts");
    assertThat(grouped.getServices()).isEmpty();
    assertThat(grouped.getRootCauses()).isEmpty();
  }

  @Test
  void shouldGroupAlertsWithoutServiceByNameWhenNoLabelIsConfigured() {
    Replay replay = new Replay(IMMEDIATE);

    replay.alerts(
        serviceless("n1", "DiskFull", "eu1", T0),
        serviceless("n2", "DiskFull", "us1", seconds(30)));

    assertThat(replay.latest()).hasSize(1);
    assertThat(replay.published().get(1).getAlerts().get(1).getJoinReason().getDetail())
        .isEqualTo("same alert name DiskFull, no service");
  }

  @Test
  void shouldNotGroupAnAlertWithoutServiceWithAlertsOfAService() {
    Replay replay = new Replay(IMMEDIATE);

    replay.alerts(
        TestAlerts.builder("s1", "DiskFull", "checkout", T0).build(),
        serviceless("n1", "DiskFull", "eu1", seconds(30)));

    assertThat(replay.latest()).hasSize(2);
  }

  @Test
  void shouldContinueAFullIncidentInANewOne() {
    Replay replay = new Replay(IMMEDIATE.withMaxMembers(2));

    replay.alerts(
        firing("a1", "checkout", T0),
        firing("a2", "checkout", seconds(10)),
        firing("a3", "checkout", seconds(20)));

    assertThat(replay.latest()).hasSize(2);
    List<Incident> incidents = new ArrayList<>(replay.latest().values());
    assertThat(incidents.get(0).getAlerts()).hasSize(2);
    Incident continuation = incidents.get(1);
    assertThat(continuation.getContinuedFrom()).isEqualTo(incidents.get(0).getId());
    assertThat(continuation.getAlerts().get(0).getJoinReason().getDetail())
        .isEqualTo("continues " + incidents.get(0).getId() + ", which is full");
  }

  @Test
  void shouldCloseTheLeastRecentlyActiveIncidentWhenTooManyAreOpen() {
    Replay replay = new Replay(IMMEDIATE.withMaxOpenIncidents(2));

    replay.alerts(
        firing("a1", "checkout", T0),
        firing("b1", "search", seconds(10)),
        firing("c1", "cache", seconds(20)));

    List<Incident> versions = replay.published();
    assertThat(versions)
        .extracting(Incident::getStatus)
        .containsExactly(
            IncidentStatus.OPEN, IncidentStatus.OPEN, IncidentStatus.CLOSED, IncidentStatus.OPEN);
    assertThat(versions.get(2).getId()).isEqualTo(versions.get(0).getId());
    assertThat(replay.store.all()).hasSize(2);
    assertThat(replay.store.incidentOf("a1")).isEmpty();
  }

  @Test
  void shouldCloseAnIncidentAtItsMaximumLifetime() {
    Replay replay = new Replay(LONG_QUIET.withMaxLifetime(Duration.ofMinutes(30)));
    Alert a1 = firing("a1", "checkout", T0);
    replay.alerts(a1);
    replay.alertsAt(minutes(20), a1);

    List<Incident> closing = replay.advanceTo(minutes(30));

    assertThat(closing).extracting(Incident::getStatus).containsExactly(IncidentStatus.CLOSED);
    assertThat(closing.get(0).getResolvedAt()).isEqualTo(minutes(30));
    // Kept, unpublished, for a group window, so that related alerts can continue it.
    assertThat(replay.advanceTo(minutes(30 + 10).minusMillis(1))).isEmpty();
    assertThat(replay.store.isEmpty()).isFalse();
    assertThat(replay.advanceTo(minutes(30 + 10))).isEmpty();
    assertThat(replay.store.isEmpty()).isTrue();
  }

  @Test
  void shouldContinueAnIncidentThatReachedItsMaximumLifetimeInANewOneThatLinksToIt() {
    Replay replay = new Replay(LONG_QUIET.withMaxLifetime(Duration.ofMinutes(30)));
    Alert a1 = firing("a1", "checkout", T0);
    Alert a0 = firing("a0", "checkout", T0);
    replay.alerts(a0, a1);
    String first = replay.published().get(0).getId();
    replay.advanceTo(minutes(30));

    // The old member fires again and a related alert comes: both go to a new incident.
    List<Incident> versions =
        replay.alertsAt(minutes(32), a1, firing("a2", "checkout", minutes(32)));

    assertThat(versions).hasSize(1);
    Incident next = versions.get(0);
    assertThat(next.getId()).isNotEqualTo(first);
    assertThat(next.getStatus()).isEqualTo(IncidentStatus.OPEN);
    assertThat(next.getContinuedFrom()).isEqualTo(first);
    assertThat(next.getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactly("a1", "a2");
    assertThat(next.getAlerts().get(0).getJoinReason().getDetail())
        .isEqualTo("continues " + first + ", which reached its maximum lifetime");
    // The old incident publishes nothing more, even for a resolution of its former member.
    assertThat(replay.alertsAt(minutes(33), resolved(a0, minutes(33)))).isEmpty();
    // Its lifetime counts from when it opened, not from the old alert's start.
    assertThat(replay.advanceTo(minutes(40)))
        .extracting(Incident::getStatus)
        .doesNotContain(IncidentStatus.CLOSED);
    assertThat(replay.published())
        .filteredOn(incident -> incident.getId().equals(first))
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.CLOSED);
  }

  @Test
  void shouldIgnoreTheResolutionOfAnUnknownAlert() {
    Replay replay = new Replay(IMMEDIATE);

    List<Incident> versions = replay.alerts(resolved(firing("a1", "checkout", T0), minutes(1)));

    assertThat(versions).isEmpty();
    assertThat(replay.store.isEmpty()).isTrue();
  }

  @Test
  void shouldPublishOpenAndResolvedWhenAnAlertFiresAndResolvesInOneInstant() {
    Replay replay = new Replay(IMMEDIATE);
    Alert a1 = firing("a1", "checkout", T0);

    List<Incident> versions = replay.alertsAt(T0, a1, resolved(a1, T0));

    assertThat(versions)
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
    assertThat(versions).extracting(Incident::getVersion).containsExactly(1L, 2L);
  }

  @Test
  void shouldKeepTheLabelsAllMembersShare() {
    Replay replay = new Replay(IMMEDIATE);

    replay.alerts(
        firing("a1", "checkout", T0),
        TestAlerts.builder("a2", "HighLatency", "checkout", seconds(10)).build());

    assertThat(replay.published().get(1).getLabels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "service", "checkout"));
  }

  @Test
  void shouldCountALateAlertAsHeardWhenItIsHandled() {
    Replay replay = new Replay(IMMEDIATE);
    replay.alerts(firing("a1", "checkout", T0));

    List<Incident> versions = replay.alertsAt(minutes(5), firing("a2", "checkout", minutes(1)));

    MemberAlert late = versions.get(0).getAlerts().get(1);
    assertThat(late.getFirstSeen()).isEqualTo(minutes(1));
    assertThat(late.getLastSeen()).isEqualTo(minutes(5));
    assertThat(versions.get(0).getLastSeen()).isEqualTo(minutes(5));
  }

  private static Alert serviceless(
      String fingerprint, String name, String cluster, java.time.Instant at) {
    Alert.Builder builder = TestAlerts.builder(fingerprint, name, null, at);
    Alert alert = builder.build();
    if (cluster != null) {
      alert.getLabels().put("cluster", cluster);
    }
    return alert;
  }
}
