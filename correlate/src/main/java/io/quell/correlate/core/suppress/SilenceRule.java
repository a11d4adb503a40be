/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import io.quell.schemas.avro.Matcher;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.SilenceKind;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A silence, maintenance window or deploy window, compiled for matching: it mutes an alert at an
 * event time when every matcher holds for the alert's labels ({@link AlertLabels}) and the time
 * lies in {@code [startsAt, endsAt)} and, for a recurring one, inside one of its weekly windows. A
 * silence without matchers mutes nothing (an empty silence muting everything would be an easy
 * mistake to make).
 */
public final class SilenceRule implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String id;
  private final SilenceKind kind;
  private final List<LabelMatcher> matchers;
  private final long startsAt;
  private final long endsAt;
  private final WeeklyWindows weekly;
  private final String reason;

  private SilenceRule(
      String id,
      SilenceKind kind,
      List<LabelMatcher> matchers,
      long startsAt,
      long endsAt,
      WeeklyWindows weekly,
      String reason) {
    this.id = id;
    this.kind = kind;
    this.matchers = List.copyOf(matchers);
    this.startsAt = startsAt;
    this.endsAt = endsAt;
    this.weekly = weekly;
    this.reason = reason;
  }

  /**
   * Compiles a silence record.
   *
   * @throws IllegalArgumentException naming the silence, for a bad regular expression, a bad
   *     recurrence or an unknown time zone
   */
  public static SilenceRule of(Silence silence) {
    try {
      List<LabelMatcher> matchers = new ArrayList<>();
      for (Matcher matcher : silence.getMatchers()) {
        matchers.add(LabelMatcher.of(matcher));
      }
      WeeklyWindows weekly =
          silence.getRecurrence() == null ? null : WeeklyWindows.of(silence.getRecurrence());
      String comment = silence.getComment();
      String reason =
          comment == null || comment.isBlank()
              ? (silence.getKind() == SilenceKind.MAINTENANCE ? "maintenance " : "silence ")
                  + silence.getId()
                  + " by "
                  + silence.getCreatedBy()
              : comment;
      return new SilenceRule(
          silence.getId(),
          silence.getKind(),
          matchers,
          silence.getStartsAt().toEpochMilli(),
          silence.getEndsAt().toEpochMilli(),
          weekly,
          reason);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Silence " + silence.getId() + " is invalid: " + e.getMessage(), e);
    }
  }

  public String id() {
    return id;
  }

  public SilenceKind kind() {
    return kind;
  }

  public long startsAt() {
    return startsAt;
  }

  public long endsAt() {
    return endsAt;
  }

  /** Whether the labels satisfy every matcher (false without matchers). */
  public boolean matches(Map<String, String> labels) {
    return LabelMatcher.allMatch(matchers, labels);
  }

  /** Whether the silence is in force at {@code time}, whatever it matches. */
  public boolean activeAt(long time) {
    return startsAt <= time && time < endsAt && (weekly == null || weekly.contains(time));
  }

  public boolean mutes(Map<String, String> labels, long time) {
    return activeAt(time) && matches(labels);
  }

  /** Whether it can never be active at or after {@code time}. */
  public boolean expiredAt(long time) {
    return endsAt <= time;
  }

  /** The earliest time after {@code time} at which {@link #activeAt} may change. */
  public long nextBoundaryAfter(long time) {
    if (time >= endsAt) {
      return Long.MAX_VALUE;
    }
    if (time < startsAt) {
      return startsAt;
    }
    long next = endsAt;
    if (weekly != null) {
      next = Math.min(next, weekly.nextBoundaryAfter(time));
    }
    return next;
  }

  public Mute mute() {
    return new Mute(id, kind, reason);
  }

  @Override
  public String toString() {
    return "SilenceRule[" + id + " " + kind + " " + matchers + "]";
  }
}
