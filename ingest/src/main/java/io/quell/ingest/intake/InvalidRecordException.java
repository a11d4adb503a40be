/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

/**
 * A record that cannot be mapped, naming the field and the problem. Thrown once per bad record on
 * the request path, so it carries no stack trace.
 */
public final class InvalidRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final Rejection.Reason reason;

  public InvalidRecordException(String field, Rejection.Reason reason, String message) {
    super(message, null, false, false);
    this.field = field;
    this.reason = reason;
  }

  static InvalidRecordException missing(String field) {
    return new InvalidRecordException(field, Rejection.Reason.MISSING_FIELD, "is required");
  }

  static InvalidRecordException invalid(String field, String message) {
    return new InvalidRecordException(field, Rejection.Reason.INVALID_FIELD, message);
  }

  public String field() {
    return field;
  }

  public Rejection.Reason reason() {
    return reason;
  }
}
