/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import io.quell.schemas.avro.Weekday;
import io.quell.schemas.avro.WeeklyRecurrence;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * The weekly windows of a recurring silence: on each of the given days, from a local time of day,
 * for a number of minutes (possibly past midnight, possibly longer than a day, at most a week), in
 * a time zone.
 *
 * <p>Daylight saving: the start is a local wall-clock time; when it falls into a gap (the clocks
 * jump forward over it) it moves forward by the length of the gap, when it occurs twice (the clocks
 * go back) the earlier one counts, as {@link ZonedDateTime#of} decides. The duration is elapsed
 * time: a 120-minute window lasts 120 real minutes even on the night the clocks change, so its
 * local end may read an hour earlier or later than on other nights.
 */
public final class WeeklyWindows implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int MINUTES_PER_DAY = 24 * 60;
  private static final int MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

  private final Set<DayOfWeek> days;
  private final int startMinuteOfDay;
  private final int durationMinutes;
  private final ZoneId zone;

  private WeeklyWindows(
      Set<DayOfWeek> days, int startMinuteOfDay, int durationMinutes, ZoneId zone) {
    this.days = days;
    this.startMinuteOfDay = startMinuteOfDay;
    this.durationMinutes = durationMinutes;
    this.zone = zone;
  }

  /**
   * @throws IllegalArgumentException for no days, a start outside 0-1439, a duration outside
   *     1-10080 minutes or an unknown time zone
   */
  public static WeeklyWindows of(WeeklyRecurrence recurrence) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Weekday day : recurrence.getDaysOfWeek()) {
      days.add(DayOfWeek.valueOf(day.name()));
    }
    return of(
        days,
        recurrence.getStartMinuteOfDay(),
        recurrence.getDurationMinutes(),
        recurrence.getTimeZone());
  }

  public static WeeklyWindows of(
      Set<DayOfWeek> days, int startMinuteOfDay, int durationMinutes, String timeZone) {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("A weekly recurrence needs at least one day");
    }
    if (startMinuteOfDay < 0 || startMinuteOfDay >= MINUTES_PER_DAY) {
      throw new IllegalArgumentException(
          "startMinuteOfDay must be 0 to 1439 but is " + startMinuteOfDay);
    }
    if (durationMinutes < 1 || durationMinutes > MINUTES_PER_WEEK) {
      throw new IllegalArgumentException(
          "durationMinutes must be 1 to " + MINUTES_PER_WEEK + " but is " + durationMinutes);
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Unknown time zone '" + timeZone + "'", e);
    }
    return new WeeklyWindows(EnumSet.copyOf(days), startMinuteOfDay, durationMinutes, zone);
  }

  /** Whether {@code time} (epoch milliseconds) lies in a window: start inclusive, end exclusive. */
  public boolean contains(long time) {
    LocalDate today = Instant.ofEpochMilli(time).atZone(zone).toLocalDate();
    // A window that started up to its duration (at most a week) plus a day ago may still be open.
    int daysBack = durationMinutes / MINUTES_PER_DAY + 1;
    for (int back = 0; back <= daysBack; back++) {
      LocalDate day = today.minusDays(back);
      if (!days.contains(day.getDayOfWeek())) {
        continue;
      }
      long start = start(day);
      if (start <= time && time < end(start)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The earliest window start or end strictly after {@code time}: when {@link #contains} may flip.
   */
  public long nextBoundaryAfter(long time) {
    LocalDate today = Instant.ofEpochMilli(time).atZone(zone).toLocalDate();
    long next = Long.MAX_VALUE;
    for (int offset = -8; offset <= 8; offset++) {
      LocalDate day = today.plusDays(offset);
      if (!days.contains(day.getDayOfWeek())) {
        continue;
      }
      long start = start(day);
      long end = end(start);
      if (start > time) {
        next = Math.min(next, start);
      }
      if (end > time) {
        next = Math.min(next, end);
      }
    }
    return next;
  }

  private long start(LocalDate day) {
    LocalTime at = LocalTime.of(startMinuteOfDay / 60, startMinuteOfDay % 60);
    return ZonedDateTime.of(day, at, zone).toInstant().toEpochMilli();
  }

  private long end(long start) {
    return start + durationMinutes * 60_000L;
  }

  @Override
  public String toString() {
    return days
        + " "
        + String.format("%02d:%02d", startMinuteOfDay / 60, startMinuteOfDay % 60)
        + " for "
        + durationMinutes
        + " min in "
        + zone;
  }
}
