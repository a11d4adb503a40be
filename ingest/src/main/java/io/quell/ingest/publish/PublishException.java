/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.publish;

/**
 * Records could not be handed to Kafka or were not acknowledged. {@link #reason()} says why in a
 * form fit for a metric label; {@link #isRetryable()} whether sending the same records again later
 * can succeed (Kafka or the schema registry unreachable, buffer full) or not (a record Kafka
 * refuses, a schema the registry refuses).
 */
public class PublishException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why publishing failed. */
  public enum Reason {
    /** No Kafka metadata, or no acknowledgement, in time: the cluster is unreachable or slow. */
    KAFKA_TIMEOUT("kafka_timeout", true),
    /** The producer's buffer stayed full for max.block.ms: Kafka takes less than is offered. */
    BUFFER_FULL("buffer_full", true),
    /** Kafka answered with an error that goes away by itself (leader moving and the like). */
    KAFKA_UNAVAILABLE("kafka_unavailable", true),
    /** The schema registry could not be reached or failed on its side. */
    REGISTRY_UNAVAILABLE("registry_unavailable", true),
    /** The publisher is closing and takes no more records. */
    SHUTTING_DOWN("shutting_down", true),
    /** Kafka refused the records for good (too large, not authorized, unknown topic). */
    KAFKA_REJECTED("kafka_rejected", false),
    /** The schema registry refused the schema (incompatible, not registered, not authorized). */
    REGISTRY_REJECTED("registry_rejected", false);

    private final String label;
    private final boolean retryable;

    Reason(String label, boolean retryable) {
      this.label = label;
      this.retryable = retryable;
    }

    /** Short snake_case name, used as a metric label value. */
    public String label() {
      return label;
    }

    public boolean isRetryable() {
      return retryable;
    }
  }

  private final Reason reason;

  public PublishException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public boolean isRetryable() {
    return reason.isRetryable();
  }
}
