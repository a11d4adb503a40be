/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
 */
public record CorrelationSettings(
    Duration groupWindow,
    Duration groupWait,
    Duration resolveQuietPeriod,
    Duration closeAfter,
    Duration maxLifetime,
    int maxMembers,
    int maxOpenIncidents,
    List<String> servicelessGroupLabels)
    implements Serializable {

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
    return new CorrelationSettings(
        value,
        groupWait,
        resolveQuietPeriod,
        closeAfter,
        maxLifetime,
        maxMembers,
        maxOpenIncidents,
        servicelessGroupLabels);
  }

  public CorrelationSettings withGroupWait(Duration value) {
    return new CorrelationSettings(
        groupWindow,
        value,
        resolveQuietPeriod,
        closeAfter,
        maxLifetime,
        maxMembers,
        maxOpenIncidents,
        servicelessGroupLabels);
  }

  public CorrelationSettings withResolveQuietPeriod(Duration value) {
    return new CorrelationSettings(
        groupWindow,
        groupWait,
        value,
        closeAfter,
        maxLifetime,
        maxMembers,
        maxOpenIncidents,
        servicelessGroupLabels);
  }

  public CorrelationSettings withCloseAfter(Duration value) {
    return new CorrelationSettings(
        groupWindow,
        groupWait,
        resolveQuietPeriod,
        value,
        maxLifetime,
        maxMembers,
        maxOpenIncidents,
        servicelessGroupLabels);
  }

  public CorrelationSettings withMaxLifetime(Duration value) {
    return new CorrelationSettings(
        groupWindow,
        groupWait,
        resolveQuietPeriod,
        closeAfter,
        value,
        maxMembers,
        maxOpenIncidents,
        servicelessGroupLabels);
  }

  public CorrelationSettings withMaxMembers(int value) {
    return new CorrelationSettings(
        groupWindow,
        groupWait,
        resolveQuietPeriod,
        closeAfter,
        maxLifetime,
        value,
        maxOpenIncidents,
        servicelessGroupLabels);
  }

  public CorrelationSettings withMaxOpenIncidents(int value) {
    return new CorrelationSettings(
        groupWindow,
        groupWait,
        resolveQuietPeriod,
        closeAfter,
        maxLifetime,
        maxMembers,
        value,
        servicelessGroupLabels);
  }

  public CorrelationSettings withServicelessGroupLabels(List<String> value) {
    return new CorrelationSettings(
        groupWindow,
        groupWait,
        resolveQuietPeriod,
        closeAfter,
        maxLifetime,
        maxMembers,
        maxOpenIncidents,
        value);
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but is " + value);
    }
  }
}
