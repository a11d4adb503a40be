/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

/** Events could not be delivered by an {@link EventSink}. */
public class SinkException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
