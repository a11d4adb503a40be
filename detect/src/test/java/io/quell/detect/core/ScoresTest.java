/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoresTest {

  @Test
  void shouldMapRawScoresOntoZeroToOneWithHalfAtTheThreshold() {
    assertThat(Scores.normalized(0, 5)).isZero();
    assertThat(Scores.normalized(5, 5)).isEqualTo(0.5);
    assertThat(Scores.normalized(15, 5)).isCloseTo(0.75, within(1e-12));
    assertThat(Scores.normalized(Double.POSITIVE_INFINITY, 5)).isEqualTo(1);
    assertThat(Scores.normalized(Double.NaN, 5)).isZero();
    assertThat(Scores.normalized(1e9, 5)).isLessThan(1);
  }

  @Test
  void shouldFormatNumbersForPeople() {
    assertThat(Scores.format(0.25)).isEqualTo("0.25");
    assertThat(Scores.format(3)).isEqualTo("3");
    assertThat(Scores.format(123.456789)).isEqualTo("123.4568");
    assertThat(Scores.format(0.00001234)).isEqualTo("1.234e-05");
  }
}
