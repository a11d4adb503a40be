/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import java.util.Map;
import java.util.Optional;

/**
 * What the correlator asks about muting: whether a member alert is muted at an event time, and when
 * the answer may next change by itself (a silence or window starts or ends, an inhibiting alert
 * starts or its lateness runs out). The Flink job backs it with broadcast and keyed state; tests
 * with {@link StandardSuppressor} over plain collections.
 */
public interface Suppressor {

  /** Mutes nothing. */
  Suppressor NONE =
      new Suppressor() {
        @Override
        public Optional<Mute> muteOf(
            Map<String, String> labels, String fingerprint, long firstSeen, long time) {
          return Optional.empty();
        }

        @Override
        public long nextChangeAfter(long time) {
          return Long.MAX_VALUE;
        }

        @Override
        public boolean active() {
          return false;
        }
      };

  /**
   * @param labels the alert's matchable labels ({@link AlertLabels})
   * @param firstSeen when the alert started
   * @param time the event time of the question
   */
  Optional<Mute> muteOf(Map<String, String> labels, String fingerprint, long firstSeen, long time);

  /** The earliest time after {@code time} at which an answer may change; MAX_VALUE for never. */
  long nextChangeAfter(long time);

  /** False when nothing could ever be muted, so the correlator can skip the questions. */
  boolean active();
}
