/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

/**
 * The inverse of a small symmetric positive-definite matrix, by Cholesky factorization. A few lines
 * here instead of a linear-algebra library: the matrices are at most a service's series wide (16 by
 * default), and the libraries at hand either need native BLAS or bring far more than this.
 */
final class SymmetricInverse {
  private SymmetricInverse() {}

  /**
   * The inverse of the p×p matrix {@code a} (row by row), which must be symmetric and positive
   * definite.
   *
   * @throws IllegalArgumentException when it is not positive definite
   */
  static double[] of(double[] a, int p) {
    // a = L Lᵀ with L lower triangular.
    double[] l = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i * p + j];
        for (int k = 0; k < j; k++) {
          sum -= l[i * p + k] * l[j * p + k];
        }
        if (i == j) {
          if (!(sum > 0)) {
            throw new IllegalArgumentException("matrix is not positive definite");
          }
          l[i * p + i] = Math.sqrt(sum);
        } else {
          l[i * p + j] = sum / l[j * p + j];
        }
      }
    }
    // L⁻¹, lower triangular, by forward substitution column by column.
    double[] inverseL = new double[p * p];
    for (int c = 0; c < p; c++) {
      for (int i = c; i < p; i++) {
        double sum = i == c ? 1 : 0;
        for (int k = c; k < i; k++) {
          sum -= l[i * p + k] * inverseL[k * p + c];
        }
        inverseL[i * p + c] = sum / l[i * p + i];
      }
    }
    // a⁻¹ = L⁻ᵀ L⁻¹.
    double[] inverse = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = 0;
        for (int k = i; k < p; k++) {
          sum += inverseL[k * p + i] * inverseL[k * p + j];
        }
        inverse[i * p + j] = sum;
        inverse[j * p + i] = sum;
      }
    }
    return inverse;
  }
}
