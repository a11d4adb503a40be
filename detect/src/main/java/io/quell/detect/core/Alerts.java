/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Evidence;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every detector's alerts have in common. */
public final class Alerts {
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

  private Alerts() {}

  /** Annotation with the reason an alert resolved. */
  public static final String RESOLVED_REASON = "resolved_reason";

  /** Resolution reason: the observations were normal again for long enough. */
  public static final String RECOVERED = "recovered";

  /** Resolution reason: nothing was heard from the target for longer than its expiry. */
  public static final String FELL_SILENT = "fell silent";

  /**
   * The resolution of {@code open} (the last FIRING version sent): the same alert, status RESOLVED,
   * ending at {@code endsAt}, with the episode's peak score and the reason in the annotations.
   */
  public static Alert resolved(Alert open, long endsAt, double peakScore, String reason) {
    Map<String, String> annotations = new LinkedHashMap<>(open.getAnnotations());
    // Never before the start, even if a late resolution computes an earlier end.
    Instant end = Instant.ofEpochMilli(Math.max(endsAt, open.getStartsAt().toEpochMilli()));
    annotations.put(RESOLVED_REASON, reason);
    Alert.Builder resolved =
        Alert.newBuilder(open)
            .setStatus(AlertStatus.RESOLVED)
            .setEndsAt(end)
            .setScore(peakScore)
            .setAnnotations(annotations);
    if (open.getEvidence() != null) {
      resolved.setEvidence(Evidence.newBuilder(open.getEvidence()).setWindowEnd(end).build());
    }
    return resolved.build();
  }

  /**
   * The resolution a monitor sends when its hysteresis resolved an episode: {@link #resolved} of
   * {@code open} with the episode's peak score normalized by {@code threshold}; nothing when no
   * FIRING alert is on record, which only happens after state was lost.
   */
  public static Optional<Alert> resolution(
      Alert open, Transition transition, double threshold, String reason) {
    if (open == null) {
      LOG.warn("resolution without an open alert; nothing sent");
      return Optional.empty();
    }
    return Optional.of(
        resolved(
            open, transition.at(), Scores.normalized(transition.peakScore(), threshold), reason));
  }
}
