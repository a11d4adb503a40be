/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.dlq.DeadLetterHeaders;
import io.quell.schemas.registry.InMemorySchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.testing.SampleRecords;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.RecordKeys;
import io.quell.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Flink schemas travel to task managers by Java serialization and must work there without the
 * objects they were built with; each test therefore serializes the schema first.
 */
class FlinkSchemasTest {

  private final String scope = "flink-schemas-test-" + System.nanoTime();
  private final SchemaRegistryOptions options = SchemaRegistryOptions.of("mock://" + scope);

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistryClient.dropScope(scope);
  }

  @Test
  void shouldRoundTripValuesThroughShippedSerializationAndDeserializationSchemas()
      throws Exception {
    AvroSerializationSchema<Alert> serializer =
        shipped(new AvroSerializationSchema<>("quell.alerts", options));
    AvroDeserializationSchema<Alert> deserializer =
        shipped(new AvroDeserializationSchema<>("quell.alerts", Alert.class, options));
    serializer.open(null);
    deserializer.open(null);

    byte[] payload = serializer.serialize(SampleRecords.alert());

    assertThat(deserializer.deserialize(payload)).isEqualTo(SampleRecords.alert());
    assertThat(InMemorySchemaRegistryClient.forScope(scope).subjects())
        .containsExactly("quell.alerts-value");
  }

  @Test
  void shouldWriteKafkaRecordWithDerivedKeyAndEventTimestamp() throws Exception {
    Topics topics = Topics.fromConfig(Map.of("quell.topic.metrics", "test.metrics"));
    AvroKafkaRecordSerializationSchema<MetricPoint> sink =
        shipped(AvroKafkaRecordSerializationSchema.forTopic(QuellTopic.METRICS, topics, options));
    MetricPoint point = SampleRecords.metricPoint();
    long eventTime = SampleRecords.OUTAGE_START.toEpochMilli();

    ProducerRecord<byte[], byte[]> record = sink.serialize(point, null, eventTime);

    assertThat(record.topic()).isEqualTo("test.metrics");
    assertThat(new String(record.key(), StandardCharsets.UTF_8))
        .isEqualTo(RecordKeys.seriesId(point));
    assertThat(record.timestamp()).isEqualTo(eventTime);
    assertThat(record.partition()).isNull();

    AvroKafkaRecordDeserializationSchema<MetricPoint> source =
        shipped(new AvroKafkaRecordDeserializationSchema<>(MetricPoint.class, options));
    List<MetricPoint> out = new ArrayList<>();
    source.deserialize(
        consumerRecord("test.metrics", record.key(), record.value()), collector(out));
    assertThat(out).containsExactly(point);
  }

  @Test
  void shouldSkipTombstonesAndRaiseMalformedForGarbage() throws Exception {
    AvroKafkaRecordDeserializationSchema<Alert> source =
        shipped(new AvroKafkaRecordDeserializationSchema<>(Alert.class, options));
    List<Alert> out = new ArrayList<>();

    source.deserialize(consumerRecord("quell.alerts", null, null), collector(out));

    assertThat(out).isEmpty();
    assertThatThrownBy(
            () ->
                source.deserialize(
                    consumerRecord("quell.alerts", null, new byte[] {7, 7, 7, 7, 7, 7}),
                    collector(out)))
        .isInstanceOfSatisfying(
            MalformedRecordException.class, e -> assertThat(e.topic()).isEqualTo("quell.alerts"));
  }

  @Test
  void shouldWriteDeadLettersWithTheirHeaders() throws Exception {
    DeadLetterRecordSerializationSchema sink =
        shipped(DeadLetterRecordSerializationSchema.forTopics(Topics.defaults()));
    DeadLetter letter =
        DeadLetter.of(
            "quell.alerts",
            1,
            42,
            "k".getBytes(StandardCharsets.UTF_8),
            new byte[] {9},
            "correlate.decode-alerts",
            new MalformedRecordException("quell.alerts", 5, "Avro body is truncated"));

    ProducerRecord<byte[], byte[]> record = sink.serialize(letter, null, null);

    assertThat(record.topic()).isEqualTo("quell.dlq");
    assertThat(record.value()).containsExactly(9);
    assertThat(record.headers().lastHeader(DeadLetterHeaders.SCHEMA_ID).value())
        .isEqualTo("5".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldProduceFlinksAvroTypeForGeneratedClasses() {
    TypeInformation<Alert> type =
        new AvroKafkaRecordDeserializationSchema<>(Alert.class, options).getProducedType();

    assertThat(type).isInstanceOf(AvroTypeInfo.class);
    assertThat(type.getTypeClass()).isEqualTo(Alert.class);
  }

  @Test
  void shouldLetFlinkCarryDeadLettersAsPojos() {
    // A POJO type, not a Kryo fallback: dead letters cross operators on the side output.
    assertThat(TypeInformation.of(DeadLetter.class)).isInstanceOf(PojoTypeInfo.class);
  }

  private static <T extends java.io.Serializable> T shipped(T schema) throws Exception {
    return InstantiationUtil.clone(schema, FlinkSchemasTest.class.getClassLoader());
  }

  private static ConsumerRecord<byte[], byte[]> consumerRecord(
      String topic, byte[] key, byte[] value) {
    return new ConsumerRecord<>(topic, 0, 0L, key, value);
  }

  private static <T> Collector<T> collector(List<T> out) {
    return new Collector<>() {
      @Override
      public void collect(T record) {
        out.add(record);
      }

      @Override
      public void close() {}
    };
  }
}
