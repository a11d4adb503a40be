/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroSerializer;
import io.quell.schemas.testing.SampleRecords;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import io.quell.stack.TopicSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What Quell writes to Kafka is the Confluent wire format that any other tool can read: a plain
 * consumer that knows nothing of Quell's serde parses the header itself and fetches the writer
 * schema by id over plain HTTP.
 */
@ExtendWith(QuellStackExtension.class)
class KafkaWireFormatIntegrationTest {

  @Test
  void shouldProduceRecordsThatAPlainConsumerDecodesWithTheRegistrySchema(QuellStack stack)
      throws Exception {
    String topic = SchemaRegistryIntegrationTest.unique("it.wire");
    stack.createTopics(List.of(new TopicSpec(topic, 1, false)));
    Alert firing = SampleRecords.alert();
    Alert resolved =
        Alert.newBuilder(firing)
            .setStatus(AlertStatus.RESOLVED)
            .setEndsAt(SampleRecords.RESOLVED)
            .build();

    Map<String, Object> producerConfig = new HashMap<>(stack.kafkaClientProperties());
    producerConfig.putAll(SchemaRegistryOptions.of(stack.schemaRegistryUrl()).toMap());
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    // Built by Kafka from configuration, as a deployment would.
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(producerConfig)) {
      for (Alert alert : List.of(firing, resolved)) {
        producer.send(new ProducerRecord<>(topic, alert.getFingerprint(), alert)).get();
      }
    }

    List<ConsumerRecord<byte[], byte[]>> consumed = consumeAll(stack, topic, 2);

    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    List<GenericRecord> decoded = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : consumed) {
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("a1b2c3d4");
      ByteBuffer value = ByteBuffer.wrap(record.value());
      assertThat(value.get()).as("magic byte").isZero();
      int schemaId = value.getInt();
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(stack.schemaRegistryUrl() + "/schemas/ids/" + schemaId))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      Schema writer =
          new Schema.Parser().parse(json.readTree(answer.body()).get("schema").asText());
      GenericRecord alert =
          new GenericDatumReader<GenericRecord>(writer)
              .read(
                  null,
                  DecoderFactory.get()
                      .binaryDecoder(record.value(), 5, record.value().length - 5, null));
      decoded.add(alert);
    }

    assertThat(decoded).hasSize(2);
    assertThat(decoded.get(0).get("status")).hasToString("FIRING");
    assertThat(decoded.get(0).get("startsAt")).isEqualTo(SampleRecords.FIRST_ALERT.toEpochMilli());
    assertThat(decoded.get(0).get("labels").toString()).contains("checkout");
    assertThat(decoded.get(1).get("status")).hasToString("RESOLVED");
    assertThat(decoded.get(1).get("endsAt")).isEqualTo(SampleRecords.RESOLVED.toEpochMilli());
    assertThat(((GenericRecord) decoded.get(0).get("evidence")).get("templateId"))
        .hasToString("t-17");
  }

  private static List<ConsumerRecord<byte[], byte[]>> consumeAll(
      QuellStack stack, String topic, int expected) {
    Map<String, Object> config = new HashMap<>(stack.kafkaClientProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, topic + ".reader");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    assertThat(records).as("records read back from %s", topic).hasSize(expected);
    return records;
  }
}
