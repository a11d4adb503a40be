/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

/**
 * A JSON body the parser cannot read, with where it stopped: 1-based line and column, and the
 * 0-based byte offset.
 */
public final class MalformedPayloadException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final long byteOffset;

  public MalformedPayloadException(String message, int line, int column, long byteOffset) {
    super(message, null, false, false);
    this.line = line;
    this.column = column;
    this.byteOffset = byteOffset;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public long byteOffset() {
    return byteOffset;
  }
}
