/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;

class StackChoiceTest {

  @Test
  void shouldUseTheEmbeddedStackByDefault() {
    assertThat(QuellStackExtension.chooseKind(null, () -> true)).isEqualTo("embedded");
    assertThat(QuellStackExtension.chooseKind("embedded", () -> true)).isEqualTo("embedded");
  }

  @Test
  void shouldUseContainersOnlyWhenDockerAnswers() {
    assertThat(QuellStackExtension.chooseKind("containers", () -> true)).isEqualTo("containers");
    assertThat(QuellStackExtension.chooseKind("containers", () -> false)).isEqualTo("embedded");
  }

  @Test
  void shouldRejectAnUnknownStackKind() {
    assertThatThrownBy(() -> QuellStackExtension.chooseKind("kubernetes", () -> true))
        .isInstanceOf(ParameterResolutionException.class)
        .hasMessageContaining("kubernetes");
  }
}
