/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.xerial.snappy.Snappy;

/**
 * The {@code Content-Encoding} of a request body, and how to undo it within a size limit. Each
 * endpoint says which encodings it takes: Prometheus remote_write always sends snappy, the
 * OpenTelemetry exporters may send gzip, the JSON endpoints take bodies as they are.
 */
public enum ContentEncoding {
  IDENTITY("identity"),
  GZIP("gzip"),
  /** Snappy's block format (not the framed one), as Prometheus remote_write sends it. */
  SNAPPY("snappy");

  private final String token;

  ContentEncoding(String token) {
    this.token = token;
  }

  /** The header value, for example {@code gzip}. */
  public String token() {
    return token;
  }

  /**
   * The encoding a {@code Content-Encoding} header names; {@link #IDENTITY} when the header is
   * absent or blank; empty for anything else, a list of several encodings included.
   */
  public static Optional<ContentEncoding> ofHeader(String header) {
    if (header == null || header.isBlank()) {
      return Optional.of(IDENTITY);
    }
    return switch (header.strip().toLowerCase(Locale.ROOT)) {
      case "identity" -> Optional.of(IDENTITY);
      case "gzip", "x-gzip" -> Optional.of(GZIP);
      case "snappy" -> Optional.of(SNAPPY);
      default -> Optional.empty();
    };
  }

  /**
   * The decoded body, never longer than {@code maxBytes}.
   *
   * @throws DecodedBodyTooLargeException when it would be longer: decoding stops there, so a small
   *     compressed body cannot make the intake allocate a huge one
   * @throws UndecodableBodyException when the body is not valid data of this encoding
   */
  public byte[] decode(byte[] body, int maxBytes)
      throws DecodedBodyTooLargeException, UndecodableBodyException {
    return switch (this) {
      case IDENTITY -> body;
      case GZIP -> gunzip(body, maxBytes);
      case SNAPPY -> unsnappy(body, maxBytes);
    };
  }

  private static byte[] gunzip(byte[] body, int maxBytes)
      throws DecodedBodyTooLargeException, UndecodableBodyException {
    byte[] decoded;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      // One byte more than allowed tells "too large" from "exactly the limit" without reading on.
      decoded = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw new UndecodableBodyException(
          "malformed_gzip", "The body is not valid gzip data: " + e.getMessage());
    }
    if (decoded.length > maxBytes) {
      throw new DecodedBodyTooLargeException(
          "The gzip body inflates to more than the limit of " + maxBytes + " bytes");
    }
    return decoded;
  }

  private static byte[] unsnappy(byte[] body, int maxBytes)
      throws DecodedBodyTooLargeException, UndecodableBodyException {
    try {
      // The block format starts with the decoded length: check it before allocating anything.
      int length = Snappy.uncompressedLength(body);
      if (length < 0 || length > maxBytes) {
        throw new DecodedBodyTooLargeException(
            "The snappy body declares "
                + Integer.toUnsignedString(length)
                + " decoded bytes, more than the limit of "
                + maxBytes);
      }
      if (!Snappy.isValidCompressedBuffer(body)) {
        throw new UndecodableBodyException(
            "malformed_snappy", "The body is not valid snappy (block format) data");
      }
      return Snappy.uncompress(body);
    } catch (IOException e) {
      throw new UndecodableBodyException(
          "malformed_snappy",
          "The body is not valid snappy (block format) data: " + e.getMessage());
    }
  }
}
