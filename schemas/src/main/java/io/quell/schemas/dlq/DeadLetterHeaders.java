/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.dlq;

import java.util.List;

/**
 * Names of the headers a dead letter on quell.dlq carries. Values are UTF-8 text (numbers in
 * decimal), so that any Kafka tool shows them as they are. The key and value of a dead letter are
 * the bytes of the failed record as they were read; the failed record's own headers come along
 * before these.
 */
public final class DeadLetterHeaders {

  /** Topic the failed record was read from. */
  public static final String SOURCE_TOPIC = "quell.dlq.source.topic";

  /** Partition it was read from. */
  public static final String SOURCE_PARTITION = "quell.dlq.source.partition";

  /** Offset it was read at. */
  public static final String SOURCE_OFFSET = "quell.dlq.source.offset";

  /** Fully qualified class name of the error. */
  public static final String ERROR_CLASS = "quell.dlq.error.class";

  /** The error in words (its message, shortened). */
  public static final String REASON = "quell.dlq.reason";

  /** Which processing stage failed, for example {@code detect.decode-logs}. */
  public static final String STAGE = "quell.dlq.stage";

  /** Schema id of the payload, when its header could be read (optional). */
  public static final String SCHEMA_ID = "quell.dlq.schema.id";

  /** Every header name, in the order they are written. */
  public static final List<String> ALL =
      List.of(SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET, ERROR_CLASS, REASON, STAGE, SCHEMA_ID);

  private DeadLetterHeaders() {}
}
