/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the correlator groups alerts and ages incidents. Durations are event time.
 *
 * @param groupWindow an alert joins an open incident when it starts within this distance of the
 *     incident's span of activity
 * @param groupWait a new incident is published only this long after its first alert, so that the
 *     alerts and merges of its first moments make its first version (Alertmanager's group_wait);
 *     zero publishes at once
 * @param resolveQuietPeriod an open incident resolves when none of its alerts fired for this long
 * @param closeAfter a resolved incident reopens when a related alert fires within this period after
 *     its resolution; after it, the incident is closed and forgotten
 * @param maxLifetime an incident is closed this long after its first alert, whatever its state
 * @param maxMembers an incident with this many alerts takes no more; a related alert then opens a
 *     new incident that continues it
 * @param maxOpenIncidents at most this many incidents are kept; beyond, the least recently active
 *     one is closed
 * @param servicelessGroupLabels alerts without a service group with each other when they have the
 *     same name and the same values of these labels
 * @param groupInterval after a notification, changes of the incident are notified at most this
 *     often: one notification version carries the changes of an interval (Alertmanager's
 *     group_interval); zero notifies every change
 * @param repeatInterval an open incident that did not change is notified again this long after its
 *     last notification (Alertmanager's repeat_interval); zero never repeats
 * @param flapFlips an alert that changed between firing and resolved this many times within {@code
 *     flapWindow} is flapping: held as firing, its flips publish nothing; zero turns flapping off
 * @param flapWindow the window in which flips are counted; a flapping alert stops flapping when it
 *     did not flip for this long
 * @param topologyHops alerts on services at most this many topology edges apart (in either
 *     direction, through services with or without alerts) are related; 1 means direct edges only
 * @param causeWindow how long after an incident's first alert a newly alerting dependency of its
 *     services (a service they call) may still join it as a possible cause. Later, such a service
 *     is a new fault and opens an incident of its own, and only callers of the incident's services
 *     (which its fault can explain) join. Two related open incidents merge when they began within
 *     this window of each other, or when the alert that relates them is such a possible cause of
 *     one. Zero relates dependencies at any age and merges every related pair
 */
public record CorrelationSettings(
    Duration groupWindow,
    Duration groupWait,
    Duration resolveQuietPeriod,
    Duration closeAfter,
    Duration maxLifetime,
    int maxMembers,
    int maxOpenIncidents,
    List<String> servicelessGroupLabels,
    Duration groupInterval,
    Duration repeatInterval,
    int flapFlips,
    Duration flapWindow,
    int topologyHops,
    Duration causeWindow)
    implements Serializable {

  /** Default of {@link #groupInterval}: 5 minutes, as in Alertmanager. */
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);

  /** Default of {@link #repeatInterval}: 4 hours, as in Alertmanager. */
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

  /** Default of {@link #flapFlips}. */
  public static final int DEFAULT_FLAP_FLIPS = 4;

  /** Default of {@link #flapWindow}: 10 minutes. */
  public static final Duration DEFAULT_FLAP_WINDOW = Duration.ofMinutes(10);

  /**
   * Default of {@link #causeWindow}: 2 minutes. A fault's own alerts usually start within a minute
   * or two of its callers' (one or two detector intervals); a dependency that only starts alerting
   * later is more likely a fault of its own.
   */
  public static final Duration DEFAULT_CAUSE_WINDOW = Duration.ofMinutes(2);

  /** Default of {@link #topologyHops}: direct edges. */
  public static final int DEFAULT_TOPOLOGY_HOPS = 1;

  /** The settings of the first version, with the defaults of the later ones. */
  public CorrelationSettings(
      Duration groupWindow,
      Duration groupWait,
      Duration resolveQuietPeriod,
      Duration closeAfter,
      Duration maxLifetime,
      int maxMembers,
      int maxOpenIncidents,
      List<String> servicelessGroupLabels) {
    this(
        groupWindow,
        groupWait,
        resolveQuietPeriod,
        closeAfter,
        maxLifetime,
        maxMembers,
        maxOpenIncidents,
        servicelessGroupLabels,
        DEFAULT_GROUP_INTERVAL,
        DEFAULT_REPEAT_INTERVAL,
        DEFAULT_FLAP_FLIPS,
        DEFAULT_FLAP_WINDOW,
        DEFAULT_TOPOLOGY_HOPS,
        DEFAULT_CAUSE_WINDOW);
  }

  public CorrelationSettings {
    Objects.requireNonNull(groupWindow, "groupWindow");
    Objects.requireNonNull(groupWait, "groupWait");
    Objects.requireNonNull(resolveQuietPeriod, "resolveQuietPeriod");
    Objects.requireNonNull(closeAfter, "closeAfter");
    Objects.requireNonNull(maxLifetime, "maxLifetime");
    servicelessGroupLabels = List.copyOf(servicelessGroupLabels);
    // Zero periods would let a deadline fire again at the same instant without progress.
    requirePositive("resolveQuietPeriod", resolveQuietPeriod);
    requirePositive("maxLifetime", maxLifetime);
    if (groupWindow.isNegative() || groupWait.isNegative() || closeAfter.isNegative()) {
      throw new IllegalArgumentException(
          "groupWindow, groupWait and closeAfter must not be negative");
    }
    Objects.requireNonNull(groupInterval, "groupInterval");
    Objects.requireNonNull(repeatInterval, "repeatInterval");
    Objects.requireNonNull(flapWindow, "flapWindow");
    if (groupInterval.isNegative() || repeatInterval.isNegative()) {
      throw new IllegalArgumentException("groupInterval and repeatInterval must not be negative");
    }
    if (flapFlips < 0 || (flapFlips > 0 && flapFlips < 2)) {
      throw new IllegalArgumentException(
          "flapFlips must be 0 (no flapping) or at least 2 but is " + flapFlips);
    }
    if (flapFlips > 0) {
      requirePositive("flapWindow", flapWindow);
    }
    Objects.requireNonNull(causeWindow, "causeWindow");
    if (causeWindow.isNegative()) {
      throw new IllegalArgumentException("causeWindow must not be negative");
    }
    if (topologyHops < 1 || topologyHops > 5) {
      throw new IllegalArgumentException("topologyHops must be 1 to 5 but is " + topologyHops);
    }
    if (maxMembers < 1 || maxOpenIncidents < 1) {
      throw new IllegalArgumentException("maxMembers and maxOpenIncidents must be at least 1");
    }
  }

  /** The defaults of the options (see {@code CorrelateOptions}). */
  public static CorrelationSettings defaults() {
    return new CorrelationSettings(
        Duration.ofMinutes(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        Duration.ofHours(24),
        200,
        10_000,
        List.of());
  }

  public CorrelationSettings withGroupWindow(Duration value) {
    return with(f -> f.groupWindow = value);
  }

  public CorrelationSettings withGroupWait(Duration value) {
    return with(f -> f.groupWait = value);
  }

  public CorrelationSettings withResolveQuietPeriod(Duration value) {
    return with(f -> f.resolveQuietPeriod = value);
  }

  public CorrelationSettings withCloseAfter(Duration value) {
    return with(f -> f.closeAfter = value);
  }

  public CorrelationSettings withMaxLifetime(Duration value) {
    return with(f -> f.maxLifetime = value);
  }

  public CorrelationSettings withMaxMembers(int value) {
    return with(f -> f.maxMembers = value);
  }

  public CorrelationSettings withMaxOpenIncidents(int value) {
    return with(f -> f.maxOpenIncidents = value);
  }

  public CorrelationSettings withServicelessGroupLabels(List<String> value) {
    return with(f -> f.servicelessGroupLabels = value);
  }

  public CorrelationSettings withGroupInterval(Duration value) {
    return with(f -> f.groupInterval = value);
  }

  public CorrelationSettings withRepeatInterval(Duration value) {
    return with(f -> f.repeatInterval = value);
  }

  /** Flapping after {@code flips} flips within {@code window}; {@code flips} 0 turns it off. */
  public CorrelationSettings withFlapping(int flips, Duration window) {
    return with(
        f -> {
          f.flapFlips = flips;
          f.flapWindow = window;
        });
  }

  public CorrelationSettings withTopologyHops(int value) {
    return with(f -> f.topologyHops = value);
  }

  public CorrelationSettings withCauseWindow(Duration value) {
    return with(f -> f.causeWindow = value);
  }

  /** This record with the changes {@code change} makes to a copy of its fields. */
  private CorrelationSettings with(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return f.settings();
  }

  /**
   * The fields of a record being copied, so that each {@code with…} names only what it changes and
   * a new field touches this class instead of every {@code with…}.
   */
  private static final class Fields {
    Duration groupWindow;
    Duration groupWait;
    Duration resolveQuietPeriod;
    Duration closeAfter;
    Duration maxLifetime;
    int maxMembers;
    int maxOpenIncidents;
    List<String> servicelessGroupLabels;
    Duration groupInterval;
    Duration repeatInterval;
    int flapFlips;
    Duration flapWindow;
    int topologyHops;
    Duration causeWindow;

    Fields(CorrelationSettings from) {
      groupWindow = from.groupWindow;
      groupWait = from.groupWait;
      resolveQuietPeriod = from.resolveQuietPeriod;
      closeAfter = from.closeAfter;
      maxLifetime = from.maxLifetime;
      maxMembers = from.maxMembers;
      maxOpenIncidents = from.maxOpenIncidents;
      servicelessGroupLabels = from.servicelessGroupLabels;
      groupInterval = from.groupInterval;
      repeatInterval = from.repeatInterval;
      flapFlips = from.flapFlips;
      flapWindow = from.flapWindow;
      topologyHops = from.topologyHops;
      causeWindow = from.causeWindow;
    }

    CorrelationSettings settings() {
      return new CorrelationSettings(
          groupWindow,
          groupWait,
          resolveQuietPeriod,
          closeAfter,
          maxLifetime,
          maxMembers,
          maxOpenIncidents,
          servicelessGroupLabels,
          groupInterval,
          repeatInterval,
          flapFlips,
          flapWindow,
          topologyHops,
          causeWindow);
    }
  }

  /**
   * Whether an alert starting at {@code startsAt} may still join, as a possible cause, an incident
   * whose first alert started at {@code firstSeen} (see {@link #causeWindow}).
   */
  public boolean withinCauseWindow(long firstSeen, long startsAt) {
    return causeWindow.isZero() || startsAt - firstSeen <= causeWindow.toMillis();
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but is " + value);
    }
  }
}
