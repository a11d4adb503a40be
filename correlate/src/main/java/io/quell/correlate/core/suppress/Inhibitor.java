/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.SilenceKind;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * Evaluates inhibition rules in event time.
 *
 * <p>A target alert (one that matches some rule's target) with event time {@code t} is held back
 * until the watermark passed {@code t + lateness} (the largest lateness of the rules it is a target
 * of): by then every source that started up to that time has arrived, whatever the arrival order.
 * At a time {@code v} (when the target is handed to the correlator, and at every later version of
 * its incident) the target is muted when a source of the rule with equal labels fired at some
 * moment in {@code [max(target start, v - lateness), v]}. So a source that starts within the
 * lateness after the target mutes it from the start, and a target stays muted for the lateness
 * after its source resolved (no flapping between the two).
 *
 * <p>Sources are remembered by fingerprint ({@link SourceAlert}) with their firing intervals; an
 * interval without resolution counts as firing until the quiet period after the source was last
 * heard, and a source is forgotten once none of its intervals can matter any more.
 */
public final class Inhibitor implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Intervals kept per source; older ones are dropped first. */
  static final int MAX_INTERVALS = 16;

  private final List<InhibitionRule> rules;
  private final long quietMillis;

  /**
   * @param rules the rules, in the order they are tried
   * @param quietPeriod how long a source without resolution counts as firing after it was last
   *     heard (the correlator's resolve quiet period)
   */
  public Inhibitor(List<InhibitionRule> rules, Duration quietPeriod) {
    this.rules = List.copyOf(rules);
    this.quietMillis = quietPeriod.toMillis();
  }

  public static Inhibitor none() {
    return new Inhibitor(List.of(), Duration.ofMinutes(10));
  }

  public boolean hasRules() {
    return !rules.isEmpty();
  }

  public List<InhibitionRule> rules() {
    return rules;
  }

  /** How long an alert with these labels is held before it is decided; empty: not a target. */
  public OptionalLong holdFor(Map<String, String> labels) {
    long hold = -1;
    for (InhibitionRule rule : rules) {
      if (rule.matchesTarget(labels)) {
        hold = Math.max(hold, rule.lateness().toMillis());
      }
    }
    return hold < 0 ? OptionalLong.empty() : OptionalLong.of(hold);
  }

  /** Whether an alert with these labels may inhibit others (and must be remembered). */
  public boolean isSource(Map<String, String> labels) {
    for (InhibitionRule rule : rules) {
      if (rule.matchesSource(labels)) {
        return true;
      }
    }
    return false;
  }

  /** The largest lateness of any rule: how far back decisions may look. */
  public long maxLatenessMillis() {
    long max = 0;
    for (InhibitionRule rule : rules) {
      max = Math.max(max, rule.lateness().toMillis());
    }
    return max;
  }

  /**
   * Records one alert record of a source.
   *
   * @param known what was remembered of it, or null
   * @param startsAt the record's start
   * @param endsAt its end for a resolution, else null
   * @param heardAt its event time, or just after the watermark for a late record
   * @return what to remember now
   */
  public SourceAlert record(
      SourceAlert known,
      String fingerprint,
      Map<String, String> labels,
      AlertStatus status,
      long startsAt,
      Long endsAt,
      long heardAt) {
    SourceAlert source = known;
    if (source == null) {
      source = new SourceAlert();
      source.fingerprint = fingerprint;
    }
    source.labels = new java.util.HashMap<>(labels);
    source.heardAt = Math.max(source.heardAt, heardAt);
    int at = source.starts.indexOf(startsAt);
    boolean resolved = status == AlertStatus.RESOLVED;
    long end = resolved ? (endsAt == null ? startsAt : endsAt) : Long.MAX_VALUE;
    if (at < 0) {
      source.starts.add(startsAt);
      source.ends.add(end);
      if (source.starts.size() > MAX_INTERVALS) {
        int oldest = source.starts.indexOf(java.util.Collections.min(source.starts));
        source.starts.remove(oldest);
        source.ends.remove(oldest);
      }
    } else if (resolved) {
      source.ends.set(at, Math.min(source.ends.get(at), end));
    }
    return source;
  }

  /**
   * Drops the intervals that cannot mute anything decided at {@code time} or later.
   *
   * @return the source with what is left, or null when nothing is
   */
  public SourceAlert prune(SourceAlert source, long time) {
    long horizon = time - maxLatenessMillis();
    List<Long> starts = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    for (int i = 0; i < source.starts.size(); i++) {
      if (effectiveEnd(source, i) > horizon) {
        starts.add(source.starts.get(i));
        ends.add(source.ends.get(i));
      }
    }
    if (starts.isEmpty()) {
      return null;
    }
    source.starts = starts;
    source.ends = ends;
    return source;
  }

  /**
   * What mutes the target alert at {@code time}: the first rule (in order) with a source that fired
   * in the rule's look-back, the source with the smallest fingerprint among several.
   *
   * @param targetStart when the target started: sources that ended before it do not mute it
   */
  public Optional<Mute> inhibitedAt(
      Map<String, String> labels,
      String fingerprint,
      long targetStart,
      long time,
      Iterable<SourceAlert> sources) {
    for (InhibitionRule rule : rules) {
      if (!rule.matchesTarget(labels)) {
        continue;
      }
      boolean targetIsSourceToo = rule.matchesSource(labels);
      long from = Math.max(targetStart, time - rule.lateness().toMillis());
      SourceAlert best = null;
      for (SourceAlert source : sources) {
        if (source.fingerprint.equals(fingerprint)
            || !rule.matchesSource(source.labels)
            || (targetIsSourceToo && rule.matchesTarget(source.labels))
            || !rule.equalOn(labels, source.labels)
            || !firedWithin(source, from, time)) {
          continue;
        }
        if (best == null || source.fingerprint.compareTo(best.fingerprint) < 0) {
          best = source;
        }
      }
      if (best != null) {
        return Optional.of(new Mute(rule.name(), SilenceKind.INHIBITION, reason(rule, best)));
      }
    }
    return Optional.empty();
  }

  /**
   * The earliest time after {@code time} at which an inhibition may begin or end: a source start,
   * or the end of a source interval plus the lateness.
   */
  public long nextChangeAfter(long time, Iterable<SourceAlert> sources) {
    long next = Long.MAX_VALUE;
    long lateness = maxLatenessMillis();
    for (SourceAlert source : sources) {
      for (int i = 0; i < source.starts.size(); i++) {
        long start = source.starts.get(i);
        long end = effectiveEnd(source, i);
        if (start > time) {
          next = Math.min(next, start);
        }
        long until = end == Long.MAX_VALUE ? end : end + lateness;
        if (until > time) {
          next = Math.min(next, until);
        }
      }
    }
    return next;
  }

  /** When {@link #prune} forgets the source: the end of its last interval plus the lateness. */
  public long forgetAt(SourceAlert source) {
    long last = Long.MIN_VALUE;
    for (int i = 0; i < source.starts.size(); i++) {
      last = Math.max(last, effectiveEnd(source, i));
    }
    long forget = last + maxLatenessMillis();
    return forget < last ? Long.MAX_VALUE : forget;
  }

  private boolean firedWithin(SourceAlert source, long from, long to) {
    for (int i = 0; i < source.starts.size(); i++) {
      // [start, end) meets [from, to]
      if (source.starts.get(i) <= to && effectiveEnd(source, i) > from) {
        return true;
      }
    }
    return false;
  }

  private long effectiveEnd(SourceAlert source, int i) {
    long end = source.ends.get(i);
    if (end != Long.MAX_VALUE) {
      return end;
    }
    long quietEnd = source.heardAt + quietMillis;
    return quietEnd < source.heardAt ? Long.MAX_VALUE : quietEnd;
  }

  private static String reason(InhibitionRule rule, SourceAlert source) {
    StringJoiner equal = new StringJoiner(", ");
    for (String label : rule.equal()) {
      equal.add(label + "=" + source.labels.getOrDefault(label, ""));
    }
    String name = source.labels.getOrDefault(AlertLabels.ALERT_NAME, source.fingerprint);
    return "inhibited by "
        + name
        + " ("
        + source.fingerprint
        + ")"
        + (rule.equal().isEmpty() ? "" : " with equal " + equal);
  }
}
