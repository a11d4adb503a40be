/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import java.util.Locale;

/** Reading a Content-Type header: its type and its parameters. */
final class MediaTypes {

  static final String PROTOBUF = "application/x-protobuf";

  private MediaTypes() {}

  /** The type without parameters, in lower case ({@code application/json}), or null. */
  static String base(String header) {
    if (header == null) {
      return null;
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  /** The value of parameter {@code name} (case-insensitive, quotes removed), or null. */
  static String parameter(String header, String name) {
    if (header == null) {
      return null;
    }
    String[] parts = header.split(";");
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].strip();
      int equals = part.indexOf('=');
      if (equals > 0 && part.substring(0, equals).strip().equalsIgnoreCase(name)) {
        return part.substring(equals + 1).strip().replace("\"", "");
      }
    }
    return null;
  }
}
