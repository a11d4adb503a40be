/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static io.quell.correlate.testing.TestAlerts.T0;
import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.resolved;
import static io.quell.correlate.testing.TestAlerts.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.testing.Replay;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.MemberAlert;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A new incident is published only when the group wait after its first alert ran out. */
class GroupWaitTest {

  private static final CorrelationSettings WAIT_30S =
      CorrelationSettings.defaults().withGroupWait(Duration.ofSeconds(30));

  @Test
  void shouldWaitThirtySecondsByDefault() {
    assertThat(CorrelationSettings.defaults().groupWait()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldHoldTheFirstVersionUntilTheGroupWaitRanOut() {
    Replay replay = new Replay(WAIT_30S);

    List<Incident> atFirstAlert = replay.alerts(firing("a1", "checkout", T0));
    List<Incident> justBefore = replay.advanceTo(seconds(30).minusMillis(1));
    List<Incident> whenWaitEnds = replay.advanceTo(seconds(30));

    assertThat(atFirstAlert).isEmpty();
    assertThat(justBefore).isEmpty();
    assertThat(whenWaitEnds).hasSize(1);
    Incident incident = whenWaitEnds.get(0);
    assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
    assertThat(incident.getVersion()).isEqualTo(1);
    assertThat(incident.getFirstSeen()).isEqualTo(T0);
    assertThat(incident.getRootCauses())
        .extracting(c -> c.getService())
        .containsExactly("checkout");
    assertThat(replay.correlator().nextDeadline()).hasValue(seconds(600).toEpochMilli());
  }

  @Test
  void shouldFoldAlertsThatJoinDuringTheWaitIntoTheFirstVersion() {
    Replay replay = new Replay(WAIT_30S);

    replay.alerts(
        firing("a1", "checkout", T0),
        firing("a2", "checkout", seconds(10)),
        // At the very end of the wait: still in time for the first version.
        firing("a3", "checkout", seconds(30)),
        firing("a4", "checkout", seconds(40)));

    assertThat(replay.published())
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATED);
    assertThat(replay.published()).extracting(Incident::getVersion).containsExactly(1L, 2L);
    assertThat(replay.published().get(0).getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactly("a1", "a2", "a3");
    assertThat(replay.published().get(0).getTitle()).isEqualTo("checkout: 3 alerts on 1 service");
    assertThat(replay.published().get(1).getAlerts()).hasSize(4);
  }

  @Test
  void shouldCountTheWaitFromTheFirstAlertsStart() {
    Replay replay = new Replay(WAIT_30S);
    replay.alerts(firing("a0", "search", T0));

    // Handled late, at 50 s: its wait ran out at 40 s, so it is published at once.
    List<Incident> versions = replay.alertsAt(seconds(50), firing("a1", "checkout", seconds(10)));

    assertThat(versions)
        .filteredOn(incident -> incident.getServices().contains("checkout"))
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.OPEN);
  }

  @Test
  void shouldPublishAtOnceWhenTheWaitIsZero() {
    Replay replay = new Replay(WAIT_30S.withGroupWait(Duration.ZERO));

    List<Incident> versions = replay.alerts(firing("a1", "checkout", T0));

    assertThat(versions).extracting(Incident::getStatus).containsExactly(IncidentStatus.OPEN);
  }

  @Test
  void shouldPublishOpenAndResolvedWhenTheIncidentResolvedDuringTheWait() {
    Replay replay = new Replay(WAIT_30S);
    Alert a1 = firing("a1", "checkout", T0);
    replay.alerts(a1, resolved(a1, seconds(10)));

    List<Incident> versions = replay.advanceTo(seconds(30));

    assertThat(versions)
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
    assertThat(versions).extracting(Incident::getVersion).containsExactly(1L, 2L);
    assertThat(versions.get(1).getResolvedAt()).isEqualTo(seconds(10));
  }

  @Test
  void shouldPublishAnIncidentClosedDuringItsWaitBeforeItsClosedVersion() {
    Replay replay = new Replay(WAIT_30S.withMaxOpenIncidents(1));

    replay.alerts(firing("a1", "checkout", T0), firing("b1", "search", seconds(5)));

    List<Incident> versions = replay.published();
    assertThat(versions)
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.CLOSED);
    assertThat(versions).extracting(Incident::getVersion).containsExactly(1L, 2L);
    assertThat(versions.get(0).getServices()).containsExactly("checkout");
    assertThat(replay.advanceTo(seconds(35)))
        .extracting(Incident::getServices)
        .containsExactly(List.of("search"));
  }
}
