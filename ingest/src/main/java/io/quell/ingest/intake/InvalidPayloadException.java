/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

/**
 * A body whose envelope is wrong (as opposed to one of its records), for example an Alertmanager
 * webhook of an unsupported {@code version}: the whole request is refused, naming the field.
 */
public final class InvalidPayloadException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final Rejection.Reason reason;

  public InvalidPayloadException(String field, Rejection.Reason reason, String message) {
    super(message, null, false, false);
    this.field = field;
    this.reason = reason;
  }

  /** The field at fault; null when the body as a whole is. */
  public String field() {
    return field;
  }

  public Rejection.Reason reason() {
    return reason;
  }
}
