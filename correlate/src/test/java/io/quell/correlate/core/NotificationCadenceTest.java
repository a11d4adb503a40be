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

import io.quell.correlate.core.suppress.Inhibitor;
import io.quell.correlate.core.suppress.SilenceBook;
import io.quell.correlate.core.suppress.StandardSuppressor;
import io.quell.correlate.testing.Replay;
import io.quell.correlate.testing.TestSilences;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The notification cadence: group_wait before the first notification, changes batched to one
 * notification per group_interval, an unchanged open incident notified again every repeat_interval;
 * every change still makes a version.
 */
class NotificationCadenceTest {

  /** Group wait 30 s, group interval 5 min, repeat interval 1 h, no quiet resolution. */
  private static final CorrelationSettings SETTINGS =
      CorrelationSettings.defaults()
          .withResolveQuietPeriod(Duration.ofHours(10))
          .withMaxLifetime(Duration.ofHours(24))
          .withRepeatInterval(Duration.ofHours(1));

  @Test
  void shouldNotifyTheFirstVersionAfterTheGroupWait() {
    Replay replay = new Replay(SETTINGS);
    replay.alerts(firing("a1", "checkout", T0), firing("a2", "checkout", seconds(10)));

    List<Incident> first = replay.advanceTo(seconds(30));

    assertThat(first).hasSize(1);
    assertThat(first.get(0).getNotify()).isTrue();
    assertThat(first.get(0).getNotifyReason()).isEqualTo("group_wait");
    assertThat(first.get(0).getAlerts()).hasSize(2);
  }

  @Test
  void shouldBatchTheChangesOfAGroupIntervalIntoOneNotification() {
    Replay replay = new Replay(SETTINGS);
    replay.alerts(firing("a1", "checkout", T0));
    replay.advanceTo(seconds(30));

    // Three changes within the group interval: three versions, none of them notifies.
    List<Incident> changes =
        replay.alerts(
            firing("a2", "checkout", minutes(1)),
            firing("a3", "checkout", minutes(2)),
            firing("a4", "checkout", minutes(3)));
    assertThat(changes).hasSize(3);
    assertThat(changes).extracting(Incident::getNotify).containsOnly(false);
    assertThat(changes).extracting(Incident::getNotifyReason).containsOnly("batched");

    // At the end of the group interval after the first notification, one notification with all.
    assertThat(replay.advanceTo(seconds(30 + 299))).isEmpty();
    List<Incident> tick = replay.advanceTo(seconds(30 + 300));
    assertThat(tick).hasSize(1);
    Incident notification = tick.get(0);
    assertThat(notification.getNotify()).isTrue();
    assertThat(notification.getNotifyReason()).isEqualTo("group_interval");
    assertThat(notification.getStatus()).isEqualTo(IncidentStatus.UPDATED);
    assertThat(notification.getVersion()).isEqualTo(5);
    assertThat(notification.getAlerts()).hasSize(4);
    assertThat(replay.published()).filteredOn(Incident::getNotify).hasSize(2);
  }

  @Test
  void shouldNotifyAChangeAtOnceWhenTheGroupIntervalSinceTheLastNotificationPassed() {
    Replay replay = new Replay(SETTINGS);
    replay.alerts(firing("a1", "checkout", T0));
    replay.advanceTo(seconds(30));

    List<Incident> change = replay.alerts(firing("a2", "checkout", minutes(8)));

    assertThat(change).hasSize(1);
    assertThat(change.get(0).getNotify()).isTrue();
    assertThat(change.get(0).getNotifyReason()).isEqualTo("group_interval");
  }

  @Test
  void shouldRepeatAnUnchangedOpenIncidentEveryRepeatInterval() {
    Replay replay = new Replay(SETTINGS);
    replay.alerts(firing("a1", "checkout", T0));
    replay.advanceTo(seconds(30));

    List<Incident> repeats = replay.advanceTo(seconds(30).plus(Duration.ofMinutes(150)));

    assertThat(repeats).hasSize(2);
    assertThat(repeats).extracting(Incident::getNotify).containsOnly(true);
    assertThat(repeats).extracting(Incident::getNotifyReason).containsOnly("repeat_interval");
    assertThat(repeats).extracting(Incident::getVersion).containsExactly(2L, 3L);
    assertThat(repeats.get(0).getLastSeen()).isEqualTo(T0);
  }

  @Test
  void shouldNotRepeatAResolvedIncident() {
    Replay replay = new Replay(SETTINGS.withCloseAfter(Duration.ofHours(5)));
    Alert a1 = firing("a1", "checkout", T0);
    replay.alerts(a1);
    replay.advanceTo(seconds(30));
    replay.alerts(resolved(a1, minutes(10)));

    List<Incident> later = replay.advanceTo(minutes(240));

    assertThat(later).isEmpty();
    assertThat(replay.published())
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
    assertThat(replay.published().get(1).getNotify()).isTrue();
  }

  @Test
  void shouldNotifyEveryChangeWithAGroupIntervalOfZero() {
    Replay replay = new Replay(SETTINGS.withGroupInterval(Duration.ZERO));
    replay.alerts(firing("a1", "checkout", T0));
    replay.advanceTo(seconds(30));

    List<Incident> changes =
        replay.alerts(firing("a2", "checkout", minutes(1)), firing("a3", "checkout", minutes(2)));

    assertThat(changes).extracting(Incident::getNotify).containsExactly(true, true);
  }

  @Test
  void shouldNeverNotifyAMutedIncidentAndNotifyWhenTheMuteEnds() {
    SilenceBook book = new SilenceBook();
    book.apply("maint", TestSilences.silence("maint", T0, minutes(20), "service=\"checkout\""));
    Correlator correlator =
        new Correlator(
            SETTINGS,
            new InMemoryIncidentStore(),
            new InMemoryTopology(),
            new StandardSuppressor(book, List.of(), Inhibitor.none(), List.of()));
    correlator.onAlerts(T0.toEpochMilli(), List.of(firing("a1", "checkout", T0)));

    List<Incident> versions = correlator.advanceTo(minutes(30).toEpochMilli());

    assertThat(versions).extracting(Incident::getNotify).containsExactly(false, true);
    assertThat(versions.get(0).getNotifyReason()).isEqualTo("muted");
    assertThat(versions.get(1).getSuppression()).isNull();
    assertThat(versions.get(1).getNotifyReason()).isEqualTo("group_wait");
  }
}
