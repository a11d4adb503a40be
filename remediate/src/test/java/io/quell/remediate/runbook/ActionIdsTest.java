/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ActionIdsTest {

  @Test
  void shouldGiveTheSameIdForTheSameIncidentRuleAndStep() {
    assertThat(ActionIds.of("inc-1", "critical-incident-webhook", 0))
        .isEqualTo(ActionIds.of("inc-1", "critical-incident-webhook", 0))
        .startsWith("critical-incident-webhook/0/")
        .hasSize("critical-incident-webhook/0/".length() + 32);
  }

  @Test
  void shouldGiveDifferentIdsForDifferentIncidentsRulesAndSteps() {
    assertThat(ActionIds.of("inc-1", "rule-a", 0))
        .isNotEqualTo(ActionIds.of("inc-2", "rule-a", 0))
        .isNotEqualTo(ActionIds.of("inc-1", "rule-b", 0))
        .isNotEqualTo(ActionIds.of("inc-1", "rule-a", 1));
  }

  @Test
  void shouldKeepIdsHeaderSafeWhateverTheIncidentId() {
    String id = ActionIds.of("inc\r\nX-Injected: yes/ü\u0000", "rule-a", 0);

    assertThat(id).matches("[a-z0-9-]+/0/[0-9a-f]{32}");
  }

  @Test
  void shouldRejectRuleNamesThatWouldMakeIdsOrStateKeysAmbiguous() {
    assertThatThrownBy(() -> ActionIds.of("inc-1", "a/b", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ActionIds.of("inc-1", "Upper", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ActionIds.of("inc-1", "rule", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
