/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeeklyWindowsTest {

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void shouldOpenOnTheGivenDaysFromTheStartForTheDuration() {
    // Tuesdays 02:00-04:00 UTC. 2026-03-03 is a Tuesday.
    WeeklyWindows windows = WeeklyWindows.of(Set.of(DayOfWeek.TUESDAY), 120, 120, "UTC");

    assertThat(windows.contains(at("2026-03-03T01:59:59.999Z"))).isFalse();
    assertThat(windows.contains(at("2026-03-03T02:00:00Z"))).isTrue();
    assertThat(windows.contains(at("2026-03-03T03:59:59.999Z"))).isTrue();
    assertThat(windows.contains(at("2026-03-03T04:00:00Z"))).isFalse();
    assertThat(windows.contains(at("2026-03-04T02:30:00Z"))).isFalse();
    assertThat(windows.contains(at("2026-03-10T02:30:00Z"))).isTrue();
    assertThat(windows.nextBoundaryAfter(at("2026-03-03T01:00:00Z")))
        .isEqualTo(at("2026-03-03T02:00:00Z"));
    assertThat(windows.nextBoundaryAfter(at("2026-03-03T02:00:00Z")))
        .isEqualTo(at("2026-03-03T04:00:00Z"));
  }

  @Test
  void shouldRunPastMidnightIntoTheNextDay() {
    // Saturdays 23:00 for three hours: into Sunday 02:00. 2026-03-07 is a Saturday.
    WeeklyWindows windows = WeeklyWindows.of(Set.of(DayOfWeek.SATURDAY), 23 * 60, 180, "UTC");

    assertThat(windows.contains(at("2026-03-07T23:30:00Z"))).isTrue();
    assertThat(windows.contains(at("2026-03-08T01:59:00Z"))).isTrue();
    assertThat(windows.contains(at("2026-03-08T02:00:00Z"))).isFalse();
    // Sunday 23:30 is not a Saturday window.
    assertThat(windows.contains(at("2026-03-08T23:30:00Z"))).isFalse();
  }

  @Test
  void shouldReadTheStartInTheTimeZone() {
    // Tuesdays 02:00-04:00 in Berlin (UTC+1 in winter): 01:00-03:00 UTC.
    WeeklyWindows windows = WeeklyWindows.of(Set.of(DayOfWeek.TUESDAY), 120, 120, "Europe/Berlin");

    assertThat(windows.contains(at("2026-03-03T00:59:00Z"))).isFalse();
    assertThat(windows.contains(at("2026-03-03T01:00:00Z"))).isTrue();
    assertThat(windows.contains(at("2026-03-03T02:59:00Z"))).isTrue();
    assertThat(windows.contains(at("2026-03-03T03:00:00Z"))).isFalse();
    // In summer (UTC+2): 00:00-02:00 UTC.
    assertThat(windows.contains(at("2026-06-02T00:30:00Z"))).isTrue();
    assertThat(windows.contains(at("2026-06-02T02:30:00Z"))).isFalse();
  }

  @Test
  void shouldMoveAStartInTheSpringGapForwardAndKeepTheElapsedDuration() {
    // Berlin skips 02:00-03:00 on Sunday 2026-03-29: a 02:30 start becomes 03:30 CEST (01:30 UTC),
    // and 60 minutes later it ends at 02:30 UTC.
    WeeklyWindows windows = WeeklyWindows.of(Set.of(DayOfWeek.SUNDAY), 150, 60, "Europe/Berlin");

    assertThat(windows.contains(at("2026-03-29T01:29:00Z"))).isFalse();
    assertThat(windows.contains(at("2026-03-29T01:30:00Z"))).isTrue();
    assertThat(windows.contains(at("2026-03-29T02:29:00Z"))).isTrue();
    assertThat(windows.contains(at("2026-03-29T02:30:00Z"))).isFalse();
  }

  @Test
  void shouldTakeTheEarlierOfTwoStartsWhenTheClocksGoBack() {
    // Berlin repeats 02:00-03:00 on Sunday 2026-10-25: a 02:30 start is the first one, 00:30 UTC.
    WeeklyWindows windows = WeeklyWindows.of(Set.of(DayOfWeek.SUNDAY), 150, 60, "Europe/Berlin");

    assertThat(windows.contains(at("2026-10-25T00:29:00Z"))).isFalse();
    assertThat(windows.contains(at("2026-10-25T00:30:00Z"))).isTrue();
    assertThat(windows.contains(at("2026-10-25T01:30:00Z"))).isFalse();
  }

  @Test
  void shouldRejectBadRecurrences() {
    assertThatThrownBy(() -> WeeklyWindows.of(Set.of(), 0, 10, "UTC")).hasMessageContaining("day");
    assertThatThrownBy(() -> WeeklyWindows.of(Set.of(DayOfWeek.MONDAY), 1440, 10, "UTC"))
        .hasMessageContaining("startMinuteOfDay");
    assertThatThrownBy(() -> WeeklyWindows.of(Set.of(DayOfWeek.MONDAY), 0, 0, "UTC"))
        .hasMessageContaining("durationMinutes");
    assertThatThrownBy(() -> WeeklyWindows.of(Set.of(DayOfWeek.MONDAY), 0, 10, "Mars/Olympus"))
        .hasMessageContaining("Mars/Olympus");
  }
}
