/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.dlq;

import io.quell.schemas.serde.MalformedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A record that could not be processed, with where it came from and why: what goes to quell.dlq. A
 * bad record never stops a job; it becomes one of these and the job goes on.
 *
 * <p>A plain record of simple fields, so that Flink can carry it between operators (for example
 * from a side output to the dead-letter sink).
 *
 * @param sourceTopic topic the record was read from
 * @param partition partition it was read from, or -1 when unknown
 * @param offset offset it was read at, or -1 when unknown
 * @param key the record key as read, or null
 * @param value the record value as read, or null
 * @param stage which processing stage failed, for example {@code correlate.decode-alerts}
 * @param errorClass fully qualified class name of the error
 * @param reason the error in words
 * @param schemaId the payload's schema id when known, else null
 */
public record DeadLetter(
    String sourceTopic,
    int partition,
    long offset,
    byte[] key,
    byte[] value,
    String stage,
    String errorClass,
    String reason,
    Integer schemaId) {

  /** Longer reasons are cut: headers should stay small and the log has the full stack trace. */
  public static final int MAX_REASON_LENGTH = 2000;

  public DeadLetter {
    Objects.requireNonNull(sourceTopic, "sourceTopic");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(errorClass, "errorClass");
    reason = shorten(reason == null ? "" : reason);
  }

  /** The dead letter for a record read from Kafka that failed with {@code error}. */
  public static DeadLetter of(
      ConsumerRecord<byte[], byte[]> failed, String stage, Throwable error) {
    return of(
        failed.topic(),
        failed.partition(),
        failed.offset(),
        failed.key(),
        failed.value(),
        stage,
        error);
  }

  /**
   * The dead letter for a record that failed with {@code error}. The schema id is taken from a
   * {@link MalformedRecordException} anywhere in the cause chain.
   */
  public static DeadLetter of(
      String sourceTopic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      String stage,
      Throwable error) {
    Integer schemaId = null;
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof MalformedRecordException malformed && malformed.schemaId().isPresent()) {
        schemaId = malformed.schemaId().getAsInt();
        break;
      }
    }
    String reason = error.getMessage() == null ? error.toString() : error.getMessage();
    return new DeadLetter(
        sourceTopic,
        partition,
        offset,
        key,
        value,
        stage,
        error.getClass().getName(),
        reason,
        schemaId);
  }

  /**
   * Reads a dead letter back from a record of quell.dlq.
   *
   * @throws IllegalArgumentException when a required header is missing or malformed
   */
  public static DeadLetter fromRecord(ConsumerRecord<byte[], byte[]> record) {
    Headers headers = record.headers();
    String schemaId = header(headers, DeadLetterHeaders.SCHEMA_ID, false);
    try {
      return new DeadLetter(
          header(headers, DeadLetterHeaders.SOURCE_TOPIC, true),
          Integer.parseInt(header(headers, DeadLetterHeaders.SOURCE_PARTITION, true)),
          Long.parseLong(header(headers, DeadLetterHeaders.SOURCE_OFFSET, true)),
          record.key(),
          record.value(),
          header(headers, DeadLetterHeaders.STAGE, true),
          header(headers, DeadLetterHeaders.ERROR_CLASS, true),
          header(headers, DeadLetterHeaders.REASON, true),
          schemaId == null ? null : Integer.valueOf(schemaId));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Dead letter at offset " + record.offset() + " has a malformed number header", e);
    }
  }

  /** The headers that describe this dead letter. */
  public List<Header> headers() {
    List<Header> headers = new ArrayList<>(DeadLetterHeaders.ALL.size());
    headers.add(text(DeadLetterHeaders.SOURCE_TOPIC, sourceTopic));
    headers.add(text(DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition)));
    headers.add(text(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset)));
    headers.add(text(DeadLetterHeaders.ERROR_CLASS, errorClass));
    headers.add(text(DeadLetterHeaders.REASON, reason));
    headers.add(text(DeadLetterHeaders.STAGE, stage));
    if (schemaId != null) {
      headers.add(text(DeadLetterHeaders.SCHEMA_ID, schemaId.toString()));
    }
    return headers;
  }

  /** The record to produce to the dead-letter topic {@code dlqTopic}. */
  public ProducerRecord<byte[], byte[]> toProducerRecord(String dlqTopic) {
    return toProducerRecord(dlqTopic, List.of());
  }

  /**
   * The record to produce to {@code dlqTopic}, keeping the failed record's own headers (written
   * first; the dead-letter headers follow, so they win for readers that take the last value).
   */
  public ProducerRecord<byte[], byte[]> toProducerRecord(
      String dlqTopic, Iterable<Header> originalHeaders) {
    List<Header> all = new ArrayList<>();
    originalHeaders.forEach(all::add);
    all.addAll(headers());
    return new ProducerRecord<>(dlqTopic, null, null, key, value, all);
  }

  private static Header text(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String header(Headers headers, String name, boolean required) {
    Header header = headers.lastHeader(name);
    if (header == null || header.value() == null) {
      if (required) {
        throw new IllegalArgumentException("Dead letter lacks the header " + name);
      }
      return null;
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String shorten(String text) {
    return text.length() <= MAX_REASON_LENGTH
        ? text
        : text.substring(0, MAX_REASON_LENGTH - 3) + "...";
  }

  // Arrays compare by content here: two dead letters of the same bytes are the same letter.
  @Override
  public boolean equals(Object other) {
    return other instanceof DeadLetter that
        && sourceTopic.equals(that.sourceTopic)
        && partition == that.partition
        && offset == that.offset
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value)
        && stage.equals(that.stage)
        && errorClass.equals(that.errorClass)
        && reason.equals(that.reason)
        && Objects.equals(schemaId, that.schemaId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceTopic, partition, offset, stage, errorClass, reason, schemaId) * 31
        + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "DeadLetter["
        + sourceTopic
        + "/"
        + partition
        + "@"
        + offset
        + " at "
        + stage
        + ": "
        + errorClass
        + ": "
        + reason
        + "]";
  }
}
