/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests and verifies them; the dispatcher signs, receivers (and Quell's tests)
 * verify.
 *
 * <p>The scheme: the sender puts the current time in epoch seconds into {@value #TIMESTAMP_HEADER}
 * and {@code sha256=<hex>} into {@value #SIGNATURE_HEADER}, where {@code <hex>} is the lowercase
 * hex HMAC-SHA256, keyed with the shared secret (its UTF-8 bytes), of the timestamp's decimal
 * digits, one '.' and the raw request body bytes. A receiver:
 *
 * <ol>
 *   <li>reads both headers and the raw body, before any JSON parsing;
 *   <li>computes the HMAC over {@code <timestamp>.<body>} with its copy of the secret;
 *   <li>compares it with the header value in constant time (several comma-separated {@code sha256=}
 *       values are accepted, for secret rotation);
 *   <li>rejects the request when the timestamp is further than a tolerance (5 minutes here) from
 *       its own clock, so that a captured request cannot be replayed later;
 *   <li>deduplicates by {@value #IDEMPOTENCY_KEY_HEADER}: retries and redeliveries carry the same
 *       key (and a fresh timestamp and signature).
 * </ol>
 *
 * Thread-safe: a new {@link Mac} is made for every call.
 */
public final class WebhookSignature {

  public static final String TIMESTAMP_HEADER = "X-Quell-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Quell-Signature";
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  /** Prefix of a signature value, naming the algorithm. */
  public static final String SCHEME = "sha256=";

  /** How far a timestamp may be from the verifier's clock. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String ALGORITHM = "HmacSHA256";

  /** What a verification found. */
  public enum Verification {
    /** The signature matches and the timestamp is recent. */
    VALID,
    /** A header is missing. */
    MISSING,
    /** A header cannot be read: not a number, not {@code sha256=<hex>}. */
    MALFORMED,
    /** The signature does not match the body and timestamp (wrong secret or altered request). */
    MISMATCH,
    /** The signature matches but the timestamp is outside the tolerance (a replay, or skew). */
    STALE
  }

  private final SecretKeySpec key;

  /**
   * @param secret the shared secret; must not be empty
   */
  public WebhookSignature(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("The webhook signing secret must not be empty");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The {@value #SIGNATURE_HEADER} value for {@code body} sent at {@code epochSeconds}. */
  public String sign(long epochSeconds, byte[] body) {
    return SCHEME + HexFormat.of().formatHex(mac(Long.toString(epochSeconds), body));
  }

  /** Verifies a request against {@code now} with the {@link #DEFAULT_TOLERANCE}. */
  public Verification verify(
      String timestampHeader, String signatureHeader, byte[] body, Instant now) {
    return verify(timestampHeader, signatureHeader, body, now, DEFAULT_TOLERANCE);
  }

  /**
   * Verifies a request: the header values as received, the raw body, the verifier's clock.
   *
   * @param tolerance how far the timestamp may be from {@code now}, either way
   */
  public Verification verify(
      String timestampHeader,
      String signatureHeader,
      byte[] body,
      Instant now,
      Duration tolerance) {
    if (timestampHeader == null || signatureHeader == null || body == null) {
      return Verification.MISSING;
    }
    String timestamp = timestampHeader.strip();
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return Verification.MALFORMED;
    }
    if (!timestamp.equals(Long.toString(seconds))) {
      return Verification.MALFORMED; // "+12" or "012" would sign different text than they mean
    }
    byte[] expected = mac(timestamp, body);
    boolean anyWellFormed = false;
    boolean matches = false;
    for (String candidate : signatureHeader.split(",")) {
      byte[] given = parse(candidate.strip());
      if (given == null) {
        continue;
      }
      anyWellFormed = true;
      // Constant time, so that response timing tells an attacker nothing about the right value.
      matches |= MessageDigest.isEqual(expected, given);
    }
    if (!anyWellFormed) {
      return Verification.MALFORMED;
    }
    if (!matches) {
      return Verification.MISMATCH;
    }
    long skew = Math.abs(now.getEpochSecond() - seconds);
    return skew > tolerance.toSeconds() ? Verification.STALE : Verification.VALID;
  }

  private static byte[] parse(String value) {
    if (!value.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
      return null;
    }
    String hex = value.substring(SCHEME.length());
    if (hex.length() != 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private byte[] mac(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "WebhookSignature[" + ALGORITHM + "]";
  }
}
