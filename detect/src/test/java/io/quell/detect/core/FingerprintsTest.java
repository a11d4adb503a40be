/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintsTest {

  @Test
  void shouldGiveTheSameSixteenHexDigitsForTheSameDetectorAndTargetForever() {
    String fingerprint = Fingerprints.of("robust-baseline", "cpu{service=\"cart\"}");

    assertThat(fingerprint).matches("[0-9a-f]{16}");
    assertThat(Fingerprints.of("robust-baseline", "cpu{service=\"cart\"}")).isEqualTo(fingerprint);
    // Pinned: a change here re-keys every open alert downstream, which needs a migration note.
    assertThat(fingerprint).isEqualTo(PINNED_CPU_CART);
  }

  @Test
  void shouldTellDetectorsAndTargetsApart() {
    assertThat(Fingerprints.of("robust-baseline", "a"))
        .isNotEqualTo(Fingerprints.of("error-burst", "a"))
        .isNotEqualTo(Fingerprints.of("robust-baseline", "b"));
    assertThat(Fingerprints.of("ab", "c")).isNotEqualTo(Fingerprints.of("a", "bc"));
  }

  // SHA-256 of "robust-baseline" NUL "cpu{service="cart"}", first 8 bytes, computed outside Java.
  private static final String PINNED_CPU_CART = "e860823b984cea78";
}
