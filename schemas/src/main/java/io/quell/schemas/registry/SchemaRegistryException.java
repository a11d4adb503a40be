/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import java.util.OptionalInt;

/**
 * A schema registry request that did not succeed. The message names the operation, the subject and
 * schema id where there is one, the HTTP status, the registry's own error code and message, and the
 * cause, so that the log line alone says what to fix.
 *
 * <p>{@link #kind()} tells callers what to do: {@link #isRetryable() retry} when the registry could
 * not be reached or failed on its side, fix the schema when it is {@link Kind#INCOMPATIBLE}. A
 * record whose schema id the registry does not know is not reported with this type by the
 * deserializer: that is a malformed record (see {@code
 * io.quell.schemas.serde.MalformedRecordException}).
 */
public class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, as far as the caller needs to tell cases apart. */
  public enum Kind {
    /** No HTTP response: connection refused, timeout, interrupted. Retryable. */
    UNREACHABLE(true),
    /** The registry answered 5xx, 408 or 429: a failure on its side. Retryable. */
    SERVER_ERROR(true),
    /** 404: no such subject, version or schema id (or a schema not registered under a subject). */
    NOT_FOUND(false),
    /** 409: the schema breaks the subject's compatibility rule. */
    INCOMPATIBLE(false),
    /** 422: the registry cannot parse the schema or the request. */
    INVALID_SCHEMA(false),
    /** The registry returned a schema this client cannot use (not Avro, or not parseable). */
    UNSUPPORTED_SCHEMA(false),
    /** Any other refusal (400, 401, 403 and the like): usually configuration. */
    REJECTED(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean isRetryable() {
      return retryable;
    }

    /**
     * The kind an error response stands for. A 404 counts as {@link #NOT_FOUND} only when the body
     * carries a registry error code: a bare 404 means that there is no registry API at that path (a
     * wrong base URL), which must not be mistaken for an unknown schema.
     */
    public static Kind ofResponse(int status, int errorCode) {
      if (status >= 500 || status == 408 || status == 429) {
        return SERVER_ERROR;
      }
      return switch (status) {
        case 404 -> errorCode == NO_ERROR_CODE ? REJECTED : NOT_FOUND;
        case 409 -> INCOMPATIBLE;
        case 422 -> INVALID_SCHEMA;
        default -> REJECTED;
      };
    }
  }

  /** No HTTP status: the request got no response. */
  public static final int NO_STATUS = 0;

  /** No error code: the registry sent none (or there was no response). */
  public static final int NO_ERROR_CODE = 0;

  private final Kind kind;
  private final String subject;
  private final Integer schemaId;
  private final int httpStatus;
  private final int errorCode;
  private final String registryMessage;

  public SchemaRegistryException(
      Kind kind,
      String operation,
      String subject,
      Integer schemaId,
      int httpStatus,
      int errorCode,
      String registryMessage,
      Throwable cause) {
    super(
        describe(kind, operation, subject, schemaId, httpStatus, errorCode, registryMessage, cause),
        cause);
    this.kind = kind;
    this.subject = subject;
    this.schemaId = schemaId;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.registryMessage = registryMessage;
  }

  /** The request got no response at all. */
  public static SchemaRegistryException unreachable(
      String operation, String subject, Integer schemaId, Throwable cause) {
    return new SchemaRegistryException(
        Kind.UNREACHABLE, operation, subject, schemaId, NO_STATUS, NO_ERROR_CODE, null, cause);
  }

  /** The registry answered with an error status. */
  public static SchemaRegistryException httpError(
      String operation,
      String subject,
      Integer schemaId,
      int httpStatus,
      int errorCode,
      String registryMessage) {
    return new SchemaRegistryException(
        Kind.ofResponse(httpStatus, errorCode),
        operation,
        subject,
        schemaId,
        httpStatus,
        errorCode,
        registryMessage,
        null);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isRetryable() {
    return kind.isRetryable();
  }

  public boolean isIncompatible() {
    return kind == Kind.INCOMPATIBLE;
  }

  public boolean isNotFound() {
    return kind == Kind.NOT_FOUND;
  }

  /** The subject involved, or null when the request was not about one subject. */
  public String subject() {
    return subject;
  }

  public OptionalInt schemaId() {
    return schemaId == null ? OptionalInt.empty() : OptionalInt.of(schemaId);
  }

  /** HTTP status of the response, or {@link #NO_STATUS}. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The registry's {@code error_code} (for example 40401 subject not found, 40403 schema not found,
   * 409 incompatible, 42201 invalid schema), or {@link #NO_ERROR_CODE}.
   */
  public int errorCode() {
    return errorCode;
  }

  /** The registry's own {@code message}, or null. */
  public String registryMessage() {
    return registryMessage;
  }

  private static String describe(
      Kind kind,
      String operation,
      String subject,
      Integer schemaId,
      int httpStatus,
      int errorCode,
      String registryMessage,
      Throwable cause) {
    StringBuilder text = new StringBuilder("Schema registry failed ");
    text.append(operation == null ? "a request" : operation);
    if (subject != null) {
      text.append(" [subject '").append(subject).append("']");
    }
    if (schemaId != null) {
      text.append(" [schema id ").append(schemaId).append(']');
    }
    text.append(": ").append(explain(kind));
    if (httpStatus != NO_STATUS) {
      text.append(" (HTTP ").append(httpStatus);
      if (errorCode != NO_ERROR_CODE) {
        text.append(", error_code ").append(errorCode);
      }
      text.append(')');
    }
    if (registryMessage != null && !registryMessage.isBlank()) {
      text.append(": ").append(registryMessage);
    }
    if (cause != null) {
      text.append("; cause: ").append(cause);
    }
    return text.toString();
  }

  private static String explain(Kind kind) {
    return switch (kind) {
      case UNREACHABLE -> "registry unreachable, no response (retryable)";
      case SERVER_ERROR -> "registry error on its side (retryable)";
      case NOT_FOUND -> "not found";
      case INCOMPATIBLE -> "schema is incompatible with an earlier version of the subject";
      case INVALID_SCHEMA -> "registry considers the schema or request invalid";
      case UNSUPPORTED_SCHEMA -> "registry returned a schema this client cannot use";
      case REJECTED -> "request rejected";
    };
  }
}
