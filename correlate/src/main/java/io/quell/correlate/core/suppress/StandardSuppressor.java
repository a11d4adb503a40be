/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Silences and maintenance windows first (a person's explicit decision; by id), then deploy windows
 * (by id), then inhibition rules (in their order): the first that mutes an alert is the one
 * reported.
 */
public final class StandardSuppressor implements Suppressor {

  private final SilenceBook silences;
  private final Collection<SilenceRule> deployWindows;
  private final Inhibitor inhibitor;
  private final Iterable<SourceAlert> sources;

  /**
   * @param deployWindows the open deploy windows, in id order
   * @param sources the alerts that may inhibit others
   */
  public StandardSuppressor(
      SilenceBook silences,
      Collection<SilenceRule> deployWindows,
      Inhibitor inhibitor,
      Iterable<SourceAlert> sources) {
    this.silences = silences;
    this.deployWindows = deployWindows;
    this.inhibitor = inhibitor;
    this.sources = sources;
  }

  @Override
  public Optional<Mute> muteOf(
      Map<String, String> labels, String fingerprint, long firstSeen, long time) {
    Optional<SilenceRule> silence = silences.mutedBy(labels, time);
    if (silence.isPresent()) {
      return Optional.of(silence.get().mute());
    }
    for (SilenceRule window : deployWindows) {
      if (window.mutes(labels, time)) {
        return Optional.of(window.mute());
      }
    }
    if (inhibitor.hasRules()) {
      return inhibitor.inhibitedAt(labels, fingerprint, firstSeen, time, sources);
    }
    return Optional.empty();
  }

  @Override
  public long nextChangeAfter(long time) {
    long next = silences.nextBoundaryAfter(time);
    for (SilenceRule window : deployWindows) {
      next = Math.min(next, window.nextBoundaryAfter(time));
    }
    if (inhibitor.hasRules()) {
      next = Math.min(next, inhibitor.nextChangeAfter(time, sources));
    }
    return next;
  }

  @Override
  public boolean active() {
    return !silences.isEmpty() || !deployWindows.isEmpty() || inhibitor.hasRules();
  }
}
