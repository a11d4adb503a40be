/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

/**
 * A compressed body that inflates to more than the body limit: answered 413 like a body that is too
 * large on the wire, so that a small request cannot make the intake hold a huge one (a zip bomb).
 */
public final class DecodedBodyTooLargeException extends Exception {

  private static final long serialVersionUID = 1L;

  public DecodedBodyTooLargeException(String message) {
    super(message, null, false, false);
  }
}
