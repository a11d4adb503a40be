/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

/**
 * A binary or compressed body that cannot be decoded at all (bad snappy or gzip data, a truncated
 * or garbled protobuf message, OTLP/JSON that does not fit the OTLP schema): the whole request is
 * refused with 400, since no record in it can be trusted. Carries no stack trace: it is thrown on
 * the request path for every such body.
 */
public final class UndecodableBodyException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String code;

  /**
   * @param code the error code of the answer and the metric reason, for example {@code
   *     malformed_snappy}
   * @param message what is wrong, for people
   */
  public UndecodableBodyException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
