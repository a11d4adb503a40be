/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(QuellStackExtension.class)
class SharedStackTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void shouldDeliverRecordsThroughTheBrokerWithAnIdempotentProducer(QuellStack stack)
      throws Exception {
    stack.createTopics(new TopicSpec("stack-test.roundtrip", 3, false));
    Properties producerProps = new Properties();
    producerProps.putAll(stack.kafkaClientProperties());
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 30; i++) {
        producer.send(new ProducerRecord<>("stack-test.roundtrip", "k" + i, "v" + i)).get();
      }
    }
    Properties consumerProps = new Properties();
    consumerProps.putAll(stack.kafkaClientProperties());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "stack-test");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("stack-test.roundtrip"));
      long deadline = System.currentTimeMillis() + 30_000;
      while (seen.size() < 30 && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
      }
    }
    assertThat(seen).hasSize(30);
    assertThat(seen).extracting(ConsumerRecord::value).contains("v0", "v29");
  }

  @Test
  void shouldCreateCompactedTopicsWhenAsked(QuellStack stack) throws Exception {
    stack.createTopics(new TopicSpec("stack-test.compacted", 1, true));
    try (Admin admin = Admin.create(stack.kafkaClientProperties())) {
      ConfigResource resource =
          new ConfigResource(ConfigResource.Type.TOPIC, "stack-test.compacted");
      ConfigEntry policy =
          admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy");
      assertThat(policy.value()).isEqualTo("compact");
    }
  }

  /**
   * Replays and tests send events stamped in the past; with retention by time, Kafka's periodic
   * retention check deleted them between their write and their read.
   */
  @Test
  void shouldKeepRecordsStampedLongAgoWhateverTheirAge(QuellStack stack) throws Exception {
    String topic = "stack-test.old-events";
    stack.createTopics(new TopicSpec(topic, 1, false));
    long longAgo = Instant.parse("2020-01-06T09:00:00Z").toEpochMilli();
    Properties producerProps = new Properties();
    producerProps.putAll(stack.kafkaClientProperties());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, null, longAgo, "k", "from 2020")).get();
    }
    try (Admin admin = Admin.create(stack.kafkaClientProperties())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      ConfigEntry retention =
          admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms");
      assertThat(retention.value()).as("retention by time is off").isEqualTo("-1");
      TopicPartition partition = new TopicPartition(topic, 0);
      assertThat(
              admin
                  .listOffsets(Map.of(partition, OffsetSpec.earliest()))
                  .partitionResult(partition)
                  .get()
                  .offset())
          .isZero();
    }
  }

  @Test
  void shouldServeTheConfluentCompatibleRegistryApi(QuellStack stack) throws Exception {
    assertThat(stack.schemaRegistryUrl()).endsWith("/apis/ccompat/v7");
    HttpResponse<String> response = get(stack.schemaRegistryUrl() + "/subjects");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("[");
  }

  @Test
  void shouldServeElasticsearch(QuellStack stack) throws Exception {
    HttpResponse<String> response =
        get(stack.elasticsearchUrl() + "/_cluster/health?wait_for_status=yellow&timeout=10s");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"cluster_name\":\"quell-local\"");
  }

  @Test
  void shouldHandOutTheSameStackToEveryTest(QuellStack stack) {
    assertThat(stack.kind()).isEqualTo("embedded");
    assertThat(stack.kafkaClientProperties())
        .containsEntry("bootstrap.servers", stack.bootstrapServers());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
