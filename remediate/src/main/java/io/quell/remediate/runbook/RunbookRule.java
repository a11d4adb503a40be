/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import io.quell.schemas.avro.Incident;
import java.util.List;
import java.util.Objects;

/**
 * A runbook rule: when every condition holds for an incident version, its steps become actions. The
 * engine fires a rule at most once per incident (the first version that matches) and remembers that
 * it did; see {@code io.quell.remediate.streams.RunbookTopology}.
 *
 * @param name stable name, part of action ids and state keys (see {@link ActionIds#RULE_NAME})
 * @param conditions all must hold for the rule to fire
 * @param steps what to do, in order; step {@code i} gets step index {@code i}
 */
public record RunbookRule(String name, List<Condition> conditions, List<ActionStep> steps) {

  public RunbookRule {
    ActionIds.requireRuleName(name);
    conditions = List.copyOf(conditions);
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("Rule " + name + " has no steps");
    }
  }

  /** Whether every condition holds for {@code incident}. */
  public boolean matches(Incident incident) {
    Objects.requireNonNull(incident, "incident");
    for (Condition condition : conditions) {
      if (!condition.test(incident)) {
        return false;
      }
    }
    return true;
  }
}
