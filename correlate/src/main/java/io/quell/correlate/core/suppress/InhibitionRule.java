/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An inhibition rule, as in Alertmanager: while an alert that matches the source matchers fires,
 * alerts that match the target matchers and have the same values of the equal labels are muted (a
 * label missing on both sides counts as equal). An alert that matches both sides is not muted by
 * another that also matches both (so no alert mutes itself).
 *
 * @param name names the rule in incidents' suppression ({@code Suppression.silenceId})
 * @param source what the muting alert matches (all of them; at least one)
 * @param target what the muted alerts match (all of them; at least one)
 * @param equal labels that must have the same value on both
 * @param lateness how long after a target's event time a source may still start and mute it: the
 *     target is held back that long, so the outcome does not depend on which came first
 */
public record InhibitionRule(
    String name,
    List<LabelMatcher> source,
    List<LabelMatcher> target,
    List<String> equal,
    Duration lateness)
    implements Serializable {

  public InhibitionRule {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("An inhibition rule needs a name");
    }
    source = List.copyOf(source);
    target = List.copyOf(target);
    equal = List.copyOf(equal);
    Objects.requireNonNull(lateness, "lateness");
    if (source.isEmpty() || target.isEmpty()) {
      throw new IllegalArgumentException(
          "Inhibition rule " + name + " needs source and target matchers");
    }
    if (lateness.isNegative()) {
      throw new IllegalArgumentException(
          "Inhibition rule " + name + ": lateness must not be negative");
    }
  }

  public boolean matchesSource(Map<String, String> labels) {
    return LabelMatcher.allMatch(source, labels);
  }

  public boolean matchesTarget(Map<String, String> labels) {
    return LabelMatcher.allMatch(target, labels);
  }

  /** Whether the equal labels have the same values (missing = empty) on both. */
  public boolean equalOn(Map<String, String> a, Map<String, String> b) {
    for (String label : equal) {
      if (!a.getOrDefault(label, "").equals(b.getOrDefault(label, ""))) {
        return false;
      }
    }
    return true;
  }
}
