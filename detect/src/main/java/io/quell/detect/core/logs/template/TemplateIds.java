/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Template ids from content, never from arrival order or the miner instance: 16 hexadecimal digits
 * (64 bits) of SHA-256 of the token count and the masked tokens of the message that founded the
 * template. Two miners (a restarted job, another subtask after rescaling, a second replica) that
 * meet a message of the same masked form first give its template the same id. A template keeps the
 * id it was founded with when it generalises; only its text changes.
 */
public final class TemplateIds {
  private TemplateIds() {}

  public static String of(String[] maskedTokens) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(Integer.toString(maskedTokens.length).getBytes(StandardCharsets.UTF_8));
      for (String token : maskedTokens) {
        // Tokens never contain white space: a space keeps ("ab", "c") apart from ("a", "bc").
        digest.update((byte) ' ');
        digest.update(token.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
