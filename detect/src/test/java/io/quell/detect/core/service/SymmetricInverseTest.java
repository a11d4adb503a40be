/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricInverseTest {

  @ParameterizedTest(name = "{0}×{0}")
  @ValueSource(ints = {1, 2, 4, 16})
  void shouldGiveTheIdentityWhenMultipliedWithTheMatrix(int p) {
    Random random = new Random(p);
    // BᵀB + I is symmetric positive definite.
    double[] b = new double[p * p];
    for (int i = 0; i < b.length; i++) {
      b[i] = random.nextGaussian();
    }
    double[] a = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        double sum = i == j ? 1 : 0;
        for (int k = 0; k < p; k++) {
          sum += b[k * p + i] * b[k * p + j];
        }
        a[i * p + j] = sum;
      }
    }

    double[] inverse = SymmetricInverse.of(a, p);

    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        double sum = 0;
        for (int k = 0; k < p; k++) {
          sum += a[i * p + k] * inverse[k * p + j];
        }
        assertThat(sum).isCloseTo(i == j ? 1 : 0, within(1e-9));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(doubles = {0, -1})
  void shouldRefuseAMatrixThatIsNotPositiveDefinite(double corner) {
    double[] a = {1, 1, 1, corner};

    assertThatThrownBy(() -> SymmetricInverse.of(a, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive definite");
  }
}
