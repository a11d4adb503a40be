/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.serde.MalformedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  private static final byte[] KEY = "checkout".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = {1, 2, 3};

  @Test
  void shouldDescribeOriginAndErrorInTextHeaders() {
    ConsumerRecord<byte[], byte[]> failed =
        new ConsumerRecord<>("quell.logs", 3, 1234L, KEY, VALUE);
    DeadLetter letter =
        DeadLetter.of(
            failed,
            "detect.decode-logs",
            new MalformedRecordException("quell.logs", null, "unknown magic byte 0x01"));

    ProducerRecord<byte[], byte[]> record = letter.toProducerRecord("quell.dlq");

    assertThat(record.key()).isEqualTo(KEY);
    assertThat(record.value()).isEqualTo(VALUE);
    assertThat(text(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("quell.logs");
    assertThat(text(record, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("3");
    assertThat(text(record, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1234");
    assertThat(text(record, DeadLetterHeaders.STAGE)).isEqualTo("detect.decode-logs");
    assertThat(text(record, DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo(MalformedRecordException.class.getName());
    assertThat(text(record, DeadLetterHeaders.REASON)).contains("unknown magic byte 0x01");
    assertThat(record.headers().lastHeader(DeadLetterHeaders.SCHEMA_ID)).isNull();
  }

  @Test
  void shouldFindSchemaIdDeepInTheCauseChain() {
    RuntimeException wrapped =
        new RuntimeException(
            "decode failed",
            new MalformedRecordException("quell.alerts", 17, "Avro body is corrupt"));

    DeadLetter letter = DeadLetter.of("quell.alerts", 0, 5, null, VALUE, "stage", wrapped);

    assertThat(letter.schemaId()).isEqualTo(17);
    assertThat(letter.errorClass()).isEqualTo(RuntimeException.class.getName());
  }

  @Test
  void shouldReadBackWhatItWrote() {
    DeadLetter letter =
        DeadLetter.of("quell.alerts", 1, 99, KEY, VALUE, "correlate", new IllegalStateException());
    ProducerRecord<byte[], byte[]> produced =
        letter.toProducerRecord(
            "quell.dlq", List.of(new RecordHeader("traceparent", new byte[] {1})));
    ConsumerRecord<byte[], byte[]> consumed =
        new ConsumerRecord<>(
            "quell.dlq",
            0,
            7L,
            0L,
            TimestampType.CREATE_TIME,
            KEY.length,
            VALUE.length,
            KEY,
            VALUE,
            new RecordHeaders(produced.headers().toArray()),
            Optional.empty());

    assertThat(DeadLetter.fromRecord(consumed)).isEqualTo(letter);
    assertThat(consumed.headers().lastHeader("traceparent")).isNotNull();
  }

  @Test
  void shouldShortenLongReasons() {
    DeadLetter letter =
        DeadLetter.of("t", 0, 0, null, null, "s", new RuntimeException("x".repeat(10_000)));

    assertThat(letter.reason()).hasSize(DeadLetter.MAX_REASON_LENGTH);
  }

  @Test
  void shouldRefuseRecordWithoutDeadLetterHeaders() {
    assertThatThrownBy(
            () -> DeadLetter.fromRecord(new ConsumerRecord<>("quell.dlq", 0, 0L, KEY, VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DeadLetterHeaders.SOURCE_TOPIC);
  }

  private static String text(ProducerRecord<byte[], byte[]> record, String header) {
    Header found = record.headers().lastHeader(header);
    return new String(found.value(), StandardCharsets.UTF_8);
  }
}
