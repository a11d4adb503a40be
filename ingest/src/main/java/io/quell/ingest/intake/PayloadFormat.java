/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import java.util.Locale;
import java.util.Optional;

/** How a request body holds its records, chosen by the Content-Type. */
public enum PayloadFormat {
  /**
   * {@code application/json}: one object, an array of objects, or objects one after the other
   * (separated by whitespace, so NDJSON sent as JSON works too). A syntax error rejects the whole
   * body.
   */
  JSON,
  /**
   * {@code application/x-ndjson} (also {@code application/ndjson}, {@code application/jsonl}): one
   * object per line, each line on its own, so a malformed line rejects that record only.
   */
  NDJSON;

  /**
   * The format for a Content-Type header value (parameters such as {@code charset=utf-8} are
   * allowed, other charsets are not), or empty when the type is not supported.
   */
  public static Optional<PayloadFormat> ofContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String[] parts = contentType.split(";");
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("charset=")) {
        String charset = parameter.substring("charset=".length()).replace("\"", "");
        if (!charset.equals("utf-8") && !charset.equals("utf8")) {
          return Optional.empty();
        }
      }
    }
    return switch (type) {
      case "application/json" -> Optional.of(JSON);
      case "application/x-ndjson", "application/ndjson", "application/jsonl" -> Optional.of(NDJSON);
      default -> Optional.empty();
    };
  }
}
