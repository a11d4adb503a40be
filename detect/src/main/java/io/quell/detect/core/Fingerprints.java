/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Alert fingerprints of Quell's detectors: the same detector on the same target always gives the
 * same fingerprint, across restarts, task managers and versions, so that repeats and the resolution
 * update one alert downstream.
 */
public final class Fingerprints {
  private Fingerprints() {}

  /**
   * 16 hexadecimal digits (64 bits of SHA-256, as long as Alertmanager's fingerprints) of the
   * detector name and the target (a series id, a service).
   */
  public static String of(String detector, String target) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(detector.getBytes(StandardCharsets.UTF_8));
      // A separator that neither part can contain keeps ("ab", "c") apart from ("a", "bc").
      digest.update((byte) 0);
      digest.update(target.getBytes(StandardCharsets.UTF_8));
      byte[] hash = digest.digest();
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
