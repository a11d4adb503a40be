/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentIdsTest {

  private static final long START = Instant.parse("2026-03-02T09:15:30.250Z").toEpochMilli();

  @Test
  void shouldDeriveTheIdFromTheFirstAlertAlone() {
    String id = IncidentIds.of("a1b2", START, START);

    assertThat(id).matches("inc-20260302T091530Z-[0-9a-f]{12}");
    assertThat(IncidentIds.of("a1b2", START, START)).isEqualTo(id);
  }

  @Test
  void shouldTellApartIncidentsOfOtherAlertsAndOfLaterOpenings() {
    String id = IncidentIds.of("a1b2", START, START);

    assertThat(IncidentIds.of("a1b3", START, START)).isNotEqualTo(id);
    assertThat(IncidentIds.of("a1b2", START + 1, START + 1)).isNotEqualTo(id);
    assertThat(IncidentIds.of("a1b2", START, START + 60_000)).isNotEqualTo(id);
  }
}
