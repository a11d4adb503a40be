/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import static io.quell.correlate.testing.TestAlerts.T0;
import static io.quell.correlate.testing.TestAlerts.minutes;
import static io.quell.correlate.testing.TestSilences.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.correlate.testing.TestSilences;
import io.quell.schemas.avro.MatchOperator;
import io.quell.schemas.avro.Matcher;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.SilenceKind;
import io.quell.schemas.avro.Weekday;
import io.quell.schemas.avro.WeeklyRecurrence;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilenceBookTest {

  private static final Map<String, String> CHECKOUT =
      Map.of("service", "checkout", "alertname", "HighErrorRate");

  private static long ms(java.time.Instant instant) {
    return instant.toEpochMilli();
  }

  @Test
  void shouldMuteBetweenStartAndEndOnly() {
    SilenceBook book = new SilenceBook();
    book.apply("s1", silence("s1", minutes(10), minutes(20), "service=checkout"));

    assertThat(book.mutedBy(CHECKOUT, ms(minutes(10)) - 1)).isEmpty();
    assertThat(book.mutedBy(CHECKOUT, ms(minutes(10)))).isPresent();
    assertThat(book.mutedBy(CHECKOUT, ms(minutes(20)) - 1)).isPresent();
    assertThat(book.mutedBy(CHECKOUT, ms(minutes(20)))).isEmpty();
    assertThat(book.mutedBy(Map.of("service", "payments"), ms(minutes(15)))).isEmpty();
    assertThat(book.nextBoundaryAfter(ms(T0))).isEqualTo(ms(minutes(10)));
    assertThat(book.nextBoundaryAfter(ms(minutes(10)))).isEqualTo(ms(minutes(20)));
    assertThat(book.nextBoundaryAfter(ms(minutes(20)))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldCreateChangeAndDeleteSilencesById() {
    SilenceBook book = new SilenceBook();
    book.apply("s1", silence("s1", T0, minutes(60), "service=checkout"));
    assertThat(book.mutedBy(CHECKOUT, ms(minutes(5)))).isPresent();

    // Changed: now for payments only.
    book.apply("s1", silence("s1", T0, minutes(60), "service=payments"));
    assertThat(book.mutedBy(CHECKOUT, ms(minutes(5)))).isEmpty();
    assertThat(book.size()).isEqualTo(1);

    // Expired early: its end moved into the past.
    book.apply("s1", silence("s1", T0, minutes(1), "service=checkout"));
    assertThat(book.mutedBy(CHECKOUT, ms(minutes(5)))).isEmpty();

    // Deleted by a tombstone.
    book.apply("s1", silence("s1", T0, minutes(60), "service=checkout"));
    book.apply("s1", null);
    assertThat(book.mutedBy(CHECKOUT, ms(minutes(5)))).isEmpty();
    assertThat(book.isEmpty()).isTrue();
  }

  @Test
  void shouldDropABrokenSilenceInsteadOfKeepingItsOldVersion() {
    SilenceBook book = new SilenceBook();
    book.apply("s1", silence("s1", T0, minutes(60), "service=checkout"));

    assertThat(book.apply("s1", broken("s1"))).isEmpty();

    assertThat(book.isEmpty()).isTrue();
    assertThatThrownBy(() -> SilenceRule.of(broken("s2")))
        .hasMessageContaining("s2")
        .hasMessageContaining("(bad");
  }

  private static Silence broken(String id) {
    return TestSilences.builder(id, T0, minutes(60))
        .setMatchers(
            List.of(
                Matcher.newBuilder()
                    .setName("service")
                    .setOperator(MatchOperator.REGEX_MATCH)
                    .setValue("(bad")
                    .build()))
        .build();
  }

  @Test
  void shouldNameTheFirstSilenceByIdWhenSeveralMute() {
    SilenceBook book = new SilenceBook();
    book.apply("s2", silence("s2", T0, minutes(60), "service=checkout"));
    book.apply("s1", silence("s1", T0, minutes(60), "alertname=~\"High.*\""));

    assertThat(book.mutedBy(CHECKOUT, ms(minutes(1))))
        .get()
        .extracting(SilenceRule::id)
        .isEqualTo("s1");
  }

  @Test
  void shouldMuteNothingWithoutMatchers() {
    SilenceBook book = new SilenceBook();
    book.apply("empty", silence("empty", T0, minutes(60)));

    assertThat(book.mutedBy(CHECKOUT, ms(minutes(1)))).isEmpty();
  }

  @Test
  void shouldMuteOnlyInsideTheWeeklyWindowsOfAMaintenance() {
    // T0 is Monday 2026-03-02 09:00 UTC; maintenance on Mondays 09:30-10:00 for four weeks.
    Silence maintenance =
        TestSilences.builder("m1", T0, T0.plus(java.time.Duration.ofDays(28)), "service=checkout")
            .setKind(SilenceKind.MAINTENANCE)
            .setRecurrence(
                WeeklyRecurrence.newBuilder()
                    .setDaysOfWeek(List.of(Weekday.MONDAY))
                    .setStartMinuteOfDay(9 * 60 + 30)
                    .setDurationMinutes(30)
                    .setTimeZone("UTC")
                    .build())
            .build();
    SilenceBook book = new SilenceBook();
    book.apply("m1", maintenance);

    assertThat(book.mutedBy(CHECKOUT, ms(minutes(29)))).isEmpty();
    assertThat(book.mutedBy(CHECKOUT, ms(minutes(30))))
        .get()
        .extracting(r -> r.mute().kind())
        .isEqualTo(SilenceKind.MAINTENANCE);
    assertThat(book.mutedBy(CHECKOUT, ms(minutes(60)))).isEmpty();
    assertThat(book.mutedBy(CHECKOUT, ms(T0.plus(java.time.Duration.ofDays(7)).plusSeconds(1800))))
        .isPresent();
    // Past the silence's end, the weekly window no longer mutes.
    assertThat(book.mutedBy(CHECKOUT, ms(T0.plus(java.time.Duration.ofDays(28)).plusSeconds(1800))))
        .isEmpty();
    assertThat(book.nextBoundaryAfter(ms(T0))).isEqualTo(ms(minutes(30)));
  }

  @Test
  void shouldReportExpiredSilencesOnlyAfterTheRetention() {
    SilenceBook book = new SilenceBook();
    book.apply("old", silence("old", T0, minutes(10), "service=checkout"));
    book.apply("live", silence("live", T0, minutes(100), "service=checkout"));

    assertThat(book.expired(ms(minutes(69)), 60 * 60_000L)).isEmpty();
    assertThat(book.expired(ms(minutes(70)), 60 * 60_000L)).containsExactly("old");
  }
}
