/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * The event time of a raw quell.logs or quell.metrics record, read straight from its bytes so that
 * the Kafka source can make watermarks per partition before anything is decoded: a record in the
 * Confluent wire format (magic byte 0, four bytes of schema id) whose Avro value starts with its
 * {@code timestamp} (a long, zig-zag varint) — as {@code LogEvent} and {@code MetricPoint} do (the
 * schemas module's tests hold that field first). A record that is not in that format gets no time
 * ({@link Long#MIN_VALUE}), so it never moves a watermark; the decoder dead-letters it.
 *
 * <p>Watermarks made after decoding would follow the newest event of whatever partition a source
 * subtask read last: catching up on a backlog, it reads one partition ahead of another, and the
 * points of the one behind would arrive late and be dropped.
 */
public final class WireFormatEventTime implements SerializableTimestampAssigner<RawKafkaRecord> {
  private static final long serialVersionUID = 1L;

  /** Magic byte and schema id. */
  private static final int HEADER = 5;

  @Override
  public long extractTimestamp(RawKafkaRecord record, long recordTimestamp) {
    return eventTime(record.value());
  }

  /** The leading Avro long after the wire-format header, or {@link Long#MIN_VALUE}. */
  public static long eventTime(byte[] value) {
    if (value == null || value.length <= HEADER || value[0] != 0) {
      return Long.MIN_VALUE;
    }
    long raw = 0;
    int shift = 0;
    for (int i = HEADER; i < value.length && shift < 64; i++, shift += 7) {
      int b = value[i] & 0xff;
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    return Long.MIN_VALUE;
  }
}
