/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.serde;

import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A payload that cannot be decoded and never will be: not in the wire format (wrong magic byte, too
 * short), an Avro body that is truncated or corrupt, a schema id the registry does not know, or a
 * writer schema the reader cannot resolve. Retrying does not help; callers route the record to the
 * dead-letter topic (see {@code io.quell.schemas.dlq.DeadLetter}) and go on.
 *
 * <p>A registry that cannot be reached is a different matter, reported as a retryable {@link
 * io.quell.schemas.registry.SchemaRegistryException}: the record is probably fine.
 */
public class MalformedRecordException extends SerializationException {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final Integer schemaId;
  private final String reason;

  public MalformedRecordException(String topic, Integer schemaId, String reason) {
    this(topic, schemaId, reason, null);
  }

  public MalformedRecordException(String topic, Integer schemaId, String reason, Throwable cause) {
    super(describe(topic, schemaId, reason, cause), cause);
    this.topic = topic;
    this.schemaId = schemaId;
    this.reason = reason;
  }

  /** The topic the payload came from (null when decoded outside a topic). */
  public String topic() {
    return topic;
  }

  /** The schema id of the payload, when its header could be read. */
  public OptionalInt schemaId() {
    return schemaId == null ? OptionalInt.empty() : OptionalInt.of(schemaId);
  }

  /** What is wrong with the payload, without topic and id. */
  public String reason() {
    return reason;
  }

  private static String describe(String topic, Integer schemaId, String reason, Throwable cause) {
    StringBuilder text = new StringBuilder("Malformed record");
    text.append(" on topic '").append(topic).append('\'');
    if (schemaId != null) {
      text.append(" (schema id ").append(schemaId).append(')');
    }
    text.append(": ").append(reason);
    if (cause != null) {
      text.append("; cause: ").append(cause);
    }
    return text.toString();
  }
}
