/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Incident ids, derived from the input only, so that a replay after a restore produces the same
 * ids: {@code inc-<start of the first alert, UTC>-<12 hex digits>}, where the digits hash the first
 * alert's fingerprint, its start and the event time at which the incident opened (the latter tells
 * apart two incidents that the same alert opened, one after the other closed).
 */
public final class IncidentIds {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private IncidentIds() {}

  public static String of(String firstFingerprint, long firstStartsAt, long openedAt) {
    String identity = firstFingerprint + '\n' + firstStartsAt + '\n' + openedAt;
    byte[] digest = sha256(identity.getBytes(StandardCharsets.UTF_8));
    return "inc-"
        + STAMP.format(Instant.ofEpochMilli(firstStartsAt))
        + "-"
        + HexFormat.of().formatHex(digest, 0, 6);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
