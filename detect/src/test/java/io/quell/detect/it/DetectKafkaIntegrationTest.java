/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.Fingerprints;
import io.quell.detect.job.DetectJob;
import io.quell.detect.testing.Fixtures;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.LogTemplate;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.RecordKeys;
import io.quell.schemas.topic.Topics;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The detect job on the real stack: Avro metric points on quell.metrics in, an alert that fires and
 * resolves on quell.alerts out (exactly once, so read committed), and a record that is not Avro on
 * quell.dlq with the headers saying where it came from.
 */
@ExtendWith(QuellStackExtension.class)
class DetectKafkaIntegrationTest {
  private static final byte[] GARBAGE = "definitely not avro".getBytes(StandardCharsets.UTF_8);

  @Test
  void shouldRaiseAndResolveAnAlertForASpikeAndDeadLetterGarbage(QuellStack stack)
      throws Exception {
    QuellTestTopics quell = QuellTestTopics.create(stack, "detect-it");
    Topics topics = quell.topics();
    Map<String, Object> config = quell.config();
    config.put(DetectOptions.GROUP_ID.key(), "detect-it-" + System.nanoTime());
    // Everything is written before the job starts: a short bound and idleness keep the test fast.
    config.put(DetectOptions.OUT_OF_ORDERNESS.key(), "5000");
    config.put(DetectOptions.IDLENESS.key(), "1000");
    // The robust baseline learns a series in 20 points, which keeps this input short; the default
    // detector goes through Kafka in DetectRecoveryIntegrationTest.
    config.put(DetectOptions.METRIC_DETECTOR.key(), DetectOptions.DETECTOR_ROBUST_BASELINE);

    List<MetricPoint> points = new ArrayList<>();
    for (int step = 0; step < 46; step++) {
      boolean spike = step >= 30 && step < 36;
      points.add(Fixtures.latency(step, spike ? 0.9 : 0.25 + (step % 3) * 0.01));
    }
    // A record that is not Avro after the 21st point: dead-lettered, and detection goes on.
    quell.send(QuellTopic.METRICS, points.subList(0, 21), MetricPoint::getTimestamp);
    quell.sendRaw(topics.name(QuellTopic.METRICS), "garbage", GARBAGE);
    quell.send(QuellTopic.METRICS, points.subList(21, points.size()), MetricPoint::getTimestamp);
    List<LogEvent> logs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      logs.add(
          Fixtures.log(
              "checkout",
              points.get(i).getTimestamp(),
              LogLevel.INFO,
              "order " + (1000 + i) + " placed in " + (20 + i) + "ms"));
    }
    quell.send(QuellTopic.LOGS, logs, LogEvent::getTimestamp);

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
    env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
    DetectJob.addKafkaPipeline(env, config);
    JobClient job = env.executeAsync("detect-it");
    try (KafkaConsumer<byte[], byte[]> alerts = consumer(stack, topics.name(QuellTopic.ALERTS));
        KafkaConsumer<byte[], byte[]> dlq = consumer(stack, topics.name(QuellTopic.DLQ));
        KafkaConsumer<byte[], byte[]> templates =
            consumer(stack, topics.name(QuellTopic.TEMPLATES))) {
      List<ConsumerRecord<byte[], byte[]>> alertRecords = new ArrayList<>();
      List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
      List<ConsumerRecord<byte[], byte[]>> templateRecords = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                alerts.poll(Duration.ofMillis(200)).forEach(alertRecords::add);
                dlq.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
                templates.poll(Duration.ofMillis(200)).forEach(templateRecords::add);
                return alertRecords.size() >= 2
                    && !deadLetters.isEmpty()
                    && !templateRecords.isEmpty();
              });

      String seriesId = RecordKeys.seriesId(points.get(0));
      String fingerprint = Fingerprints.of("robust-baseline", seriesId);
      List<Alert> decoded = new ArrayList<>();
      try (Deserializer<Alert> deserializer =
          QuellTopic.ALERTS.valueSerde(SchemaRegistryOptions.fromMap(config)).deserializer()) {
        for (ConsumerRecord<byte[], byte[]> record : alertRecords) {
          assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(fingerprint);
          decoded.add(deserializer.deserialize(record.topic(), record.value()));
        }
      }
      assertThat(decoded)
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
      Alert firing = decoded.get(0);
      assertThat(firing.getSeverity()).isEqualTo(Severity.CRITICAL);
      assertThat(firing.getService()).isEqualTo("checkout");
      assertThat(firing.getStartsAt()).isEqualTo(points.get(30).getTimestamp());
      assertThat(firing.getEvidence().getObservedValue()).isEqualTo(0.9);
      assertThat(alertRecords.get(0).timestamp())
          .as("the Kafka timestamp is the alert's event time")
          .isEqualTo(points.get(32).getTimestamp().toEpochMilli());
      assertThat(decoded.get(1).getEndsAt()).isEqualTo(points.get(36).getTimestamp());

      assertThat(deadLetters).hasSize(1);
      DeadLetter letter = DeadLetter.fromRecord(deadLetters.get(0));
      assertThat(letter.sourceTopic()).isEqualTo(topics.name(QuellTopic.METRICS));
      assertThat(letter.stage()).isEqualTo(DetectJob.STAGE_DECODE_METRICS);
      assertThat(letter.value()).isEqualTo(GARBAGE);
      assertThat(letter.offset()).isNotNegative();
      assertThat(letter.reason()).contains("magic byte");

      // the mined template, exactly once on the compacted topic, keyed by service/templateId
      assertThat(templateRecords).hasSize(1);
      LogTemplate template;
      try (Deserializer<LogTemplate> deserializer =
          QuellTopic.TEMPLATES.valueSerde(SchemaRegistryOptions.fromMap(config)).deserializer()) {
        template =
            deserializer.deserialize(
                templateRecords.get(0).topic(), templateRecords.get(0).value());
      }
      assertThat(template.getService()).isEqualTo("checkout");
      assertThat(template.getTemplate()).isEqualTo("order <*> placed in <*>");
      assertThat(template.getExampleMessage()).isEqualTo("order 1000 placed in 20ms");
      assertThat(new String(templateRecords.get(0).key(), StandardCharsets.UTF_8))
          .isEqualTo(RecordKeys.template(template));
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void shouldJudgeEveryPartitionsPointsWhenOneSubtaskCatchesUpOnABacklog(QuellStack stack)
      throws Exception {
    QuellTestTopics quell = QuellTestTopics.create(stack, "detect-backlog");
    Topics topics = quell.topics();
    Map<String, Object> config = quell.config();
    config.put(DetectOptions.GROUP_ID.key(), "detect-backlog-" + System.nanoTime());
    config.put(DetectOptions.OUT_OF_ORDERNESS.key(), "5000");
    config.put(DetectOptions.IDLENESS.key(), "1000");
    config.put(DetectOptions.METRIC_DETECTOR.key(), DetectOptions.DETECTOR_ROBUST_BASELINE);

    // Two series with the same spike, on two partitions, all written before the job starts: one
    // source subtask reads both, a fetch of one partition at a time, far ahead of the other.
    String topic = topics.name(QuellTopic.METRICS);
    Map<String, Object> producerConfig = new HashMap<>(stack.kafkaClientProperties());
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    List<String> fingerprints = new ArrayList<>();
    try (Serializer<MetricPoint> avro =
            QuellTopic.METRICS.valueSerde(SchemaRegistryOptions.fromMap(config)).serializer();
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
      for (int partition = 0; partition < 2; partition++) {
        for (int step = 0; step < 1500; step++) {
          boolean spike = step >= 1400 && step < 1406;
          MetricPoint point =
              Fixtures.point(
                  "queue_depth",
                  Map.of("service", "worker-" + partition),
                  Fixtures.MONDAY_0900.plus(Fixtures.STEP.multipliedBy(step)),
                  spike ? 90 : 10 + step % 3);
          if (step == 0) {
            fingerprints.add(Fingerprints.of("robust-baseline", RecordKeys.seriesId(point)));
          }
          producer.send(
              new ProducerRecord<>(
                  topic,
                  partition,
                  null,
                  RecordKeys.seriesId(point),
                  avro.serialize(topic, point)));
        }
      }
      producer.flush();
    }

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
    env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
    DetectJob.addKafkaPipeline(env, config);
    JobClient job = env.executeAsync("detect-backlog");
    try (KafkaConsumer<byte[], byte[]> alerts = consumer(stack, topics.name(QuellTopic.ALERTS))) {
      List<String> firing = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> record : alerts.poll(Duration.ofMillis(200))) {
                  firing.add(new String(record.key(), StandardCharsets.UTF_8));
                }
                return firing.containsAll(fingerprints);
              });

      assertThat(firing).containsAll(fingerprints);
    } finally {
      job.cancel().get();
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(QuellStack stack, String topic) {
    Map<String, Object> config = new HashMap<>(stack.kafkaClientProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, topic + ".reader");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
