/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quell.detect.DetectOptions;
import io.quell.detect.job.DetectJob;
import io.quell.detect.testing.Fixtures;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import io.quell.stack.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detect job (default detector, the anomaly scorer) through failures, Kafka to Kafka: a
 * MiniCluster of two TaskManagers runs the job at parallelism 2; one TaskManager is stopped while
 * alerts are firing (the job restarts from its last checkpoint on the other), then the job is
 * stopped with a savepoint and restored from it at parallelism 3. The alerts a read_committed
 * reader sees must be exactly those the plain-Java core sends for the same points in one go: every
 * episode fires once before the failures and resolves once after the rescaled restore, nothing
 * twice, nothing lost.
 */
@ExtendWith(QuellStackExtension.class)
class DetectRecoveryIntegrationTest {
  private static final Logger LOG = LoggerFactory.getLogger(DetectRecoveryIntegrationTest.class);

  private static final int SERIES = 6;
  private static final int FAULTED = 3;
  // Past the likelihood's first 300 points, which it only learns from.
  private static final int CALM_STEPS = 340;
  private static final int FAULT_STEPS = 30;
  private static final int STEPS = 430;

  /**
   * Steps sent before the savepoint or the TaskManager stop: the fault has begun and fires; it
   * resolves only in the steps sent after, so a restore without its state would never resolve it.
   */
  private static final int FIRST_PART = 350;

  @Test
  void shouldContinueEveryEpisodeAfterASavepointRestoredAtAnotherParallelism(
      QuellStack stack, @TempDir Path dir) throws Exception {
    Run run = new Run(stack, "detect-rescale");
    try (MiniCluster cluster = cluster();
        KafkaConsumer<byte[], byte[]> reader = reader(stack, run.alertsTopic());
        Deserializer<Alert> alerts = run.deserializer()) {
      cluster.start();
      List<Alert> received = new ArrayList<>();
      run.produce(0, FIRST_PART);
      JobID first =
          cluster.submitJob(job(run.config, dir, 2, null)).get(60, TimeUnit.SECONDS).getJobID();
      awaitAlerts(reader, alerts, received, AlertStatus.FIRING, FAULTED);

      String savepoint = stopWithSavepoint(cluster, first, dir.resolve("savepoints"));
      LOG.info("stopped with savepoint {}; restoring at parallelism 3", savepoint);
      run.produce(FIRST_PART, STEPS);
      cluster.submitJob(job(run.config, dir, 3, savepoint)).get(60, TimeUnit.SECONDS);
      awaitAlerts(reader, alerts, received, AlertStatus.RESOLVED, FAULTED);
      drain(reader, alerts, received);

      assertThat(byFingerprint(received)).isEqualTo(byFingerprint(run.expected));
      assertThat(received).containsExactlyInAnyOrderElementsOf(run.expected);
    }
  }

  @Test
  void shouldSendEveryAlertExactlyOnceWhenATaskManagerStopsMidRun(
      QuellStack stack, @TempDir Path dir) throws Exception {
    Run run = new Run(stack, "detect-tm-loss");
    try (MiniCluster cluster = cluster();
        KafkaConsumer<byte[], byte[]> reader = reader(stack, run.alertsTopic());
        Deserializer<Alert> alerts = run.deserializer()) {
      cluster.start();
      List<Alert> received = new ArrayList<>();
      run.produce(0, FIRST_PART);
      JobID job =
          cluster.submitJob(job(run.config, dir, 2, null)).get(60, TimeUnit.SECONDS).getJobID();
      awaitAlerts(reader, alerts, received, AlertStatus.FIRING, 1);

      LOG.info("stopping TaskManager 0 while alerts fire");
      cluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
      run.produce(FIRST_PART, STEPS);
      awaitAlerts(reader, alerts, received, AlertStatus.RESOLVED, FAULTED);
      drain(reader, alerts, received);
      LOG.info("job {} is {}", job, cluster.getJobStatus(job).get());

      assertThat(byFingerprint(received)).isEqualTo(byFingerprint(run.expected));
      assertThat(received).containsExactlyInAnyOrderElementsOf(run.expected);
    }
  }

  /** The topics, settings and input of one test, and the alerts the core sends for them. */
  private static final class Run {
    final QuellStack stack;
    final Topics topics;
    final Map<String, Object> config;
    final List<MetricPoint> points = points();
    final List<Alert> expected;

    Run(QuellStack stack, String name) {
      this.stack = stack;
      config = new HashMap<>();
      config.put(Topics.PREFIX.key(), name + "-" + System.nanoTime() + ".");
      // One partition per source subtask at parallelism 2: the job's watermarks are per source
      // subtask, so a subtask reading a backlog of several partitions one after the other would
      // drop the later partition's points as late (see the README's known limits).
      config.put(QuellTopic.METRICS.partitionsConfigKey(), 2);
      config.put("bootstrap.servers", stack.bootstrapServers());
      config.put(SchemaRegistryOptions.URL.key(), stack.schemaRegistryUrl());
      topics = Topics.fromConfig(config);
      stack.createTopics(
          topics.definitions().stream()
              .map(d -> new TopicSpec(d.name(), d.partitions(), d.compacted()))
              .toList());
      config.put(DetectOptions.GROUP_ID.key(), name + "-" + System.nanoTime());
      config.put(DetectOptions.OUT_OF_ORDERNESS.key(), "5000");
      // Long enough that a source subtask (re)starting behind the others is not taken for idle
      // while the others run ahead through the backlog; a subtask without a partition (at
      // parallelism 3) holds event time back this long after the restore.
      config.put(DetectOptions.IDLENESS.key(), "15000");
      expected = DetectJob.replayMetrics(DetectOptions.fromConfig(config), points);
      LOG.info("expected alerts: {}", byFingerprint(expected));
      assertThat(expected).filteredOn(a -> a.getStatus() == AlertStatus.RESOLVED).hasSize(FAULTED);
    }

    String alertsTopic() {
      return topics.name(QuellTopic.ALERTS);
    }

    Deserializer<Alert> deserializer() {
      return QuellTopic.ALERTS.valueSerde(SchemaRegistryOptions.fromMap(config)).deserializer();
    }

    /** Sends the points of steps {@code from} (inclusive) to {@code to} (exclusive). */
    void produce(int from, int to) throws Exception {
      DetectRecoveryIntegrationTest.produce(
          stack, config, topics, points.subList(from * SERIES, to * SERIES));
    }
  }

  private static MiniCluster cluster() {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("32m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("32m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("32m"));
    conf.set(RestOptions.BIND_PORT, "0");
    return new MiniCluster(
        new MiniClusterConfiguration.Builder()
            .setConfiguration(conf)
            .setNumTaskManagers(2)
            .setNumSlotsPerTaskManager(2)
            .build());
  }

  /** Reads on for a while: anything sent twice would arrive with or soon after the last alert. */
  private static void drain(
      KafkaConsumer<byte[], byte[]> reader, Deserializer<Alert> alerts, List<Alert> received)
      throws InterruptedException {
    Thread.sleep(3000);
    reader
        .poll(Duration.ofMillis(500))
        .forEach(r -> received.add(alerts.deserialize(r.topic(), r.value())));
  }

  /** Calm noise on every series; a latency fault on the first three, then calm again. */
  private static List<MetricPoint> points() {
    Random random = new Random(11);
    List<MetricPoint> points = new ArrayList<>();
    Instant start = Fixtures.MONDAY_0900;
    for (int step = 0; step < STEPS; step++) {
      Instant at = start.plus(Fixtures.STEP.multipliedBy(step));
      boolean fault = step >= CALM_STEPS && step < CALM_STEPS + FAULT_STEPS;
      for (int s = 0; s < SERIES; s++) {
        double value = 0.25 + random.nextGaussian() * 0.01 + (fault && s < FAULTED ? 0.5 : 0);
        points.add(
            Fixtures.point(
                "http_request_duration_p99_seconds",
                Map.of("service", "svc-" + s, "tier", "backend"),
                at,
                value));
      }
    }
    return points;
  }

  private static JobGraph job(
      Map<String, Object> config, Path dir, int parallelism, String savepoint) {
    Configuration conf = new Configuration();
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
    DetectJob.addKafkaPipeline(env, config);
    JobGraph graph = env.getStreamGraph().getJobGraph();
    if (savepoint != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    }
    return graph;
  }

  /** Stops the job with a savepoint, retrying while it is still restarting after the failure. */
  private static String stopWithSavepoint(MiniCluster cluster, JobID job, Path target)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try {
        if (cluster.getJobStatus(job).get() == JobStatus.RUNNING) {
          return cluster
              .stopWithSavepoint(
                  job, target.toUri().toString(), false, SavepointFormatType.CANONICAL)
              .get(60, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        LOG.info("savepoint not taken yet: {}", e.toString());
      }
      Thread.sleep(500);
    }
  }

  private static void awaitAlerts(
      KafkaConsumer<byte[], byte[]> reader,
      Deserializer<Alert> alerts,
      List<Alert> received,
      AlertStatus status,
      int count) {
    LOG.info(
        "waiting for {} {} alerts; received so far: {}", count, status, byFingerprint(received));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              reader
                  .poll(Duration.ofMillis(200))
                  .forEach(r -> received.add(alerts.deserialize(r.topic(), r.value())));
              return received.stream().filter(a -> a.getStatus() == status).count() >= count;
            });
  }

  private static Map<String, List<String>> byFingerprint(List<Alert> alerts) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    alerts.stream()
        .sorted(java.util.Comparator.comparing(Alert::getFingerprint))
        .forEach(
            a ->
                out.computeIfAbsent(a.getFingerprint(), k -> new ArrayList<>())
                    .add(a.getStatus() + "/" + a.getSeverity()));
    return out;
  }

  private static void produce(
      QuellStack stack, Map<String, Object> config, Topics topics, List<MetricPoint> points)
      throws Exception {
    String topic = topics.name(QuellTopic.METRICS);
    Map<String, Object> producerConfig = new HashMap<>(stack.kafkaClientProperties());
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (Serializer<MetricPoint> avro =
            QuellTopic.METRICS.valueSerde(SchemaRegistryOptions.fromMap(config)).serializer();
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (MetricPoint point : points) {
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    topic,
                    null,
                    point.getTimestamp().toEpochMilli(),
                    QuellTopic.METRICS.keyOf(point),
                    avro.serialize(topic, point))));
      }
      producer.flush();
      // A send that failed would otherwise only show as alerts that never come.
      for (Future<RecordMetadata> result : sent) {
        result.get();
      }
    }
  }

  private static KafkaConsumer<byte[], byte[]> reader(QuellStack stack, String topic) {
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
