/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollingWindowTest {

  @Test
  void shouldKeepTheNewestValuesOldestFirstOnceFull() {
    RollingWindow window = new RollingWindow();
    for (int i = 1; i <= 7; i++) {
      window.add(i, 4);
    }

    assertThat(window.snapshot()).containsExactly(4, 5, 6, 7);
    assertThat(window.getValues()).hasSize(4);
  }

  @Test
  void shouldKeepTheNewestValuesWhenTheCapacityChanges() {
    RollingWindow window = new RollingWindow();
    for (int i = 1; i <= 5; i++) {
      window.add(i, 5);
    }

    window.add(6, 3);

    assertThat(window.snapshot()).containsExactly(4, 5, 6);
    window.add(7, 6);
    assertThat(window.snapshot()).containsExactly(4, 5, 6, 7);
  }

  @Test
  void shouldForgetEverythingOnClear() {
    RollingWindow window = new RollingWindow();
    window.add(1, 3);
    window.setRejectedRun(4);

    window.clear();

    assertThat(window.snapshot()).isEmpty();
    assertThat(window.getRejectedRun()).isZero();
  }
}
