/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

/**
 * A Kafka record as read, before decoding: what a Quell Flink source emits, so that a record that
 * cannot be decoded becomes a dead letter in {@link DecodeOrDeadLetter} instead of failing the
 * source (a source cannot route to a side output).
 *
 * @param topic topic it was read from
 * @param partition partition it was read from
 * @param offset offset it was read at
 * @param timestamp the Kafka record timestamp (for Quell topics the event time)
 * @param key key bytes, or null
 * @param value value bytes, or null for a tombstone
 */
public record RawKafkaRecord(
    String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {}
