/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.testing.DemoTopology;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.flink.DecodeOrDeadLetter;
import io.quell.schemas.flink.RawKafkaRecord;
import io.quell.schemas.registry.InMemorySchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroSerde;
import io.quell.schemas.serde.MalformedRecordException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DecodeTopologyUpdateTest {

  private static final String SCOPE = "correlate-decode-topology";
  private static final SchemaRegistryOptions REGISTRY = SchemaRegistryOptions.of("mock://" + SCOPE);
  private static final TopologyEdge EDGE = DemoTopology.edge("checkout", "payments", EdgeKind.HTTP);

  @AfterAll
  static void dropRegistry() {
    InMemorySchemaRegistryClient.dropScope(SCOPE);
  }

  private static OneInputStreamOperatorTestHarness<RawKafkaRecord, TopologyUpdate> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forProcessFunction(
        new DecodeTopologyUpdate(REGISTRY, "test.decode-topology"));
  }

  private static byte[] encoded(TopologyEdge edge) {
    try (AvroSerde<TopologyEdge> serde = AvroSerde.specific(TopologyEdge.class, REGISTRY)) {
      return serde.serializer().serialize("topology", edge);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldTurnAnEdgeIntoAnUpsertUnderItsKey() throws Exception {
    try (var harness = harness()) {
      harness.processElement(
          new RawKafkaRecord("topology", 0, 3, 1L, utf8("checkout->payments"), encoded(EDGE)), 1L);

      assertThat(harness.extractOutputValues())
          .containsExactly(new TopologyUpdate("checkout->payments", EDGE));
    }
  }

  @Test
  void shouldTurnATombstoneIntoTheRemovalOfItsKey() throws Exception {
    try (var harness = harness()) {
      harness.processElement(
          new RawKafkaRecord("topology", 0, 4, 1L, utf8("checkout->payments"), null), 1L);

      assertThat(harness.extractOutputValues())
          .containsExactly(TopologyUpdate.removal("checkout", "payments"));
    }
  }

  @Test
  void shouldKeyAnEdgeWithoutRecordKeyByItsOwnEnds() throws Exception {
    try (var harness = harness()) {
      harness.processElement(new RawKafkaRecord("topology", 0, 5, 1L, null, encoded(EDGE)), 1L);

      assertThat(harness.extractOutputValues()).containsExactly(TopologyUpdate.upsert(EDGE));
    }
  }

  @Test
  void shouldDeadLetterARecordThatDoesNotDecode() throws Exception {
    try (var harness = harness()) {
      harness.processElement(
          new RawKafkaRecord("topology", 0, 6, 1L, utf8("a->b"), utf8("not avro")), 1L);

      assertThat(harness.extractOutputValues()).isEmpty();
      DeadLetter letter =
          harness.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .findFirst()
              .orElseThrow();
      assertThat(letter.sourceTopic()).isEqualTo("topology");
      assertThat(letter.offset()).isEqualTo(6);
      assertThat(letter.stage()).isEqualTo("test.decode-topology");
      assertThat(letter.errorClass()).isEqualTo(MalformedRecordException.class.getName());
    }
  }
}
