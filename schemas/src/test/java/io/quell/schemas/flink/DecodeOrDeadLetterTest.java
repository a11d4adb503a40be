/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroSerde;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.testing.SampleRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeOrDeadLetterTest {
  private static final SchemaRegistryOptions REGISTRY =
      SchemaRegistryOptions.of("mock://decode-or-dead-letter");

  private static OneInputStreamOperatorTestHarness<RawKafkaRecord, MetricPoint> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forProcessFunction(
        new DecodeOrDeadLetter<>(MetricPoint.class, REGISTRY, "test.decode-metrics"));
  }

  private static byte[] encoded(MetricPoint point) {
    try (AvroSerde<MetricPoint> serde = AvroSerde.specific(MetricPoint.class, REGISTRY)) {
      return serde.serializer().serialize("metrics", point);
    }
  }

  @Test
  void shouldDecodeAValidRecord() throws Exception {
    MetricPoint point = SampleRecords.metricPoint();
    try (var h = harness()) {
      h.processElement(new RawKafkaRecord("metrics", 0, 7, 1L, null, encoded(point)), 1L);
      assertThat(h.extractOutputValues()).containsExactly(point);
      assertThat(h.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS)).isNull();
    }
  }

  @Test
  void shouldRouteAnUndecodableRecordToTheDeadLettersWithItsOrigin() throws Exception {
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    try (var h = harness()) {
      h.processElement(new RawKafkaRecord("metrics", 2, 41, 1L, key, garbage), 1L);
      assertThat(h.extractOutputValues()).isEmpty();
      List<DeadLetter> letters =
          h.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(letters).hasSize(1);
      DeadLetter letter = letters.get(0);
      assertThat(letter.sourceTopic()).isEqualTo("metrics");
      assertThat(letter.partition()).isEqualTo(2);
      assertThat(letter.offset()).isEqualTo(41);
      assertThat(letter.key()).isEqualTo(key);
      assertThat(letter.value()).isEqualTo(garbage);
      assertThat(letter.stage()).isEqualTo("test.decode-metrics");
      assertThat(letter.errorClass()).isEqualTo(MalformedRecordException.class.getName());
      assertThat(letter.reason()).isNotBlank();
    }
  }

  @Test
  void shouldSkipTombstones() throws Exception {
    try (var h = harness()) {
      h.processElement(new RawKafkaRecord("metrics", 0, 1, 1L, null, null), 1L);
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(h.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS)).isNull();
    }
  }
}
