/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import io.quell.ingest.IngestOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bearer tokens the intake accepts. Only SHA-256 digests of the tokens are kept, and a
 * presented token is compared with each of them in constant time ({@link MessageDigest#isEqual} on
 * digests of equal length), so that neither a token's content nor its length leaks through timing.
 */
final class BearerAuth {

  /** Why a request was refused; the label is that of the metric. */
  enum Outcome {
    ALLOWED("allowed"),
    MISSING("missing_token"),
    MALFORMED("malformed_header"),
    INVALID("invalid_token");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  private static final String SCHEME = "bearer";

  private final List<byte[]> digests;

  BearerAuth(List<String> tokens) {
    List<byte[]> list = new ArrayList<>();
    for (String token : tokens) {
      String stripped = token.strip();
      if (!stripped.isEmpty()) {
        list.add(sha256(stripped));
      }
    }
    this.digests = List.copyOf(list);
  }

  /**
   * The tokens of {@code quell.ingest.auth.tokens-file} and {@code quell.ingest.auth.tokens}.
   *
   * @throws IllegalArgumentException when the tokens file cannot be read
   */
  static BearerAuth fromConfig(Map<String, ?> config) {
    List<String> tokens = new ArrayList<>();
    String file = IngestOptions.AUTH_TOKENS_FILE.read(config);
    if (file != null && !file.isBlank()) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(file.strip()), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "Setting '"
                + IngestOptions.AUTH_TOKENS_FILE.key()
                + "' names a file that cannot be read: "
                + e,
            e);
      }
      for (String line : lines) {
        String stripped = line.strip();
        if (!stripped.isEmpty() && !stripped.startsWith("#")) {
          tokens.add(stripped);
        }
      }
    }
    String inline = IngestOptions.AUTH_TOKENS.read(config);
    if (inline != null) {
      for (String token : inline.split(",")) {
        tokens.add(token);
      }
    }
    return new BearerAuth(tokens);
  }

  /** Whether at least one token is configured, so that requests must present one. */
  boolean enabled() {
    return !digests.isEmpty();
  }

  int tokenCount() {
    return digests.size();
  }

  /** Judges an {@code Authorization} header value (null when absent). */
  Outcome check(String authorization) {
    if (!enabled()) {
      return Outcome.ALLOWED;
    }
    if (authorization == null || authorization.isBlank()) {
      return Outcome.MISSING;
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return Outcome.MALFORMED;
    }
    String token = value.substring(space + 1).strip();
    if (token.isEmpty()) {
      return Outcome.MALFORMED;
    }
    byte[] presented = sha256(token);
    boolean match = false;
    // Every configured token is compared, so the time does not say which one matched.
    for (byte[] digest : digests) {
      match |= MessageDigest.isEqual(digest, presented);
    }
    return match ? Outcome.ALLOWED : Outcome.INVALID;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
