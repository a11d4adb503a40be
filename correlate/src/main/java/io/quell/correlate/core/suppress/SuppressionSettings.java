/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How alerts are muted besides the silences on quell.silences.
 *
 * @param inhibitionRules the inhibition rules, in the order they are tried
 * @param deployWindow how long a deploy marker mutes its service; zero: deploy markers open no
 *     window
 * @param silenceRetention how long after its end an expired silence is still kept
 * @param recheck event time between checks of the published incidents against silences that were
 *     created, changed or deleted meanwhile; zero: only at the incidents' own changes
 */
public record SuppressionSettings(
    List<InhibitionRule> inhibitionRules,
    Duration deployWindow,
    Duration silenceRetention,
    Duration recheck)
    implements Serializable {

  public SuppressionSettings {
    inhibitionRules = List.copyOf(inhibitionRules);
    Objects.requireNonNull(deployWindow, "deployWindow");
    Objects.requireNonNull(silenceRetention, "silenceRetention");
    Objects.requireNonNull(recheck, "recheck");
    if (deployWindow.isNegative() || silenceRetention.isNegative() || recheck.isNegative()) {
      throw new IllegalArgumentException(
          "deployWindow, silenceRetention and recheck must not be negative");
    }
  }

  /** The defaults of the options: no inhibition rules, 5-minute deploy windows. */
  public static SuppressionSettings defaults() {
    return new SuppressionSettings(
        List.of(), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(30));
  }

  public SuppressionSettings withInhibitionRules(List<InhibitionRule> rules) {
    return new SuppressionSettings(rules, deployWindow, silenceRetention, recheck);
  }

  public SuppressionSettings withDeployWindow(Duration value) {
    return new SuppressionSettings(inhibitionRules, value, silenceRetention, recheck);
  }

  public SuppressionSettings withRecheck(Duration value) {
    return new SuppressionSettings(inhibitionRules, deployWindow, silenceRetention, value);
  }

  /** The inhibitor of the rules; silent sources count as firing for {@code quietPeriod}. */
  public Inhibitor inhibitor(Duration quietPeriod) {
    return new Inhibitor(inhibitionRules, quietPeriod);
  }
}
