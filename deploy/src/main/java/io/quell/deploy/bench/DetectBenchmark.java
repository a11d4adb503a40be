/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.bench;

import io.quell.deploy.pipeline.LocalFlinkCluster;
import io.quell.detect.DetectOptions;
import io.quell.detect.job.DetectJob;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.TopicDefinition;
import io.quell.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The detect job from Kafka to Kafka, timed: {@code points} metric points of {@code series} series
 * (10 s apart, Gaussian noise; one series in a hundred shifts its level in the last fifth, so the
 * job also sends alerts) are written to quell.metrics under a fresh topic prefix, then the job runs
 * in a local MiniCluster until the offsets it commits with its checkpoints reach the end of the
 * topic. Points/s is points over the time from the job running to that moment (to within a
 * checkpoint interval); memory is the JVM's heap after a full collection, before and at the end,
 * and the size of the job's last checkpoint.
 */
public final class DetectBenchmark {
  private DetectBenchmark() {}

  /** Checkpoint interval of the measured job: also the resolution of the measurement. */
  public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

  /**
   * @param points metric points to preload and process
   * @param series distinct series
   * @param parallelism of the job
   * @param workDir for checkpoints
   */
  public record Settings(long points, int series, int parallelism, Path workDir) {
    public Settings {
      if (points < 1 || series < 1 || parallelism < 1) {
        throw new IllegalArgumentException("points, series and parallelism must be positive");
      }
    }
  }

  /**
   * What was measured.
   *
   * @param seconds from the job running to its checkpointed offsets reaching the end
   * @param heapBeforeBytes heap used after a full collection before the job started
   * @param heapAfterBytes the same at the end, with the job and its state still in memory
   * @param checkpointBytes size of the job's last completed checkpoint
   * @param alerts alert records committed (read_committed) on quell.alerts
   */
  public record Result(
      Settings settings,
      String detector,
      double preloadSeconds,
      double seconds,
      long heapBeforeBytes,
      long heapAfterBytes,
      long checkpointBytes,
      long alerts) {

    public double pointsPerSecond() {
      return settings.points() / seconds;
    }

    public String summary() {
      return String.format(
          Locale.ROOT,
          "%,d points of %,d series through the detect job (%s, parallelism %d, %d cores): %.1f s,"
              + " %,.0f points/s%n"
              + "heap after GC: %,.0f MB before the job, %,.0f MB at the end (+%,.0f MB);"
              + " last checkpoint %,.1f MB (%,.0f bytes per series)%n"
              + "%,d alert records committed; preload of quell.metrics took %.1f s",
          settings.points(),
          settings.series(),
          detector,
          settings.parallelism(),
          Runtime.getRuntime().availableProcessors(),
          seconds,
          pointsPerSecond(),
          heapBeforeBytes / 1e6,
          heapAfterBytes / 1e6,
          (heapAfterBytes - heapBeforeBytes) / 1e6,
          checkpointBytes / 1e6,
          checkpointBytes / (double) settings.series(),
          alerts,
          preloadSeconds);
    }
  }

  /**
   * Runs the benchmark against the Kafka and registry of {@code connection}.
   *
   * @param progress receives a line now and then
   */
  public static Result run(Map<String, ?> connection, Settings settings, Consumer<String> progress)
      throws Exception {
    Map<String, Object> config = new HashMap<>(connection);
    long id = System.currentTimeMillis();
    config.put(Topics.PREFIX.key(), "bench-" + id + ".");
    config.put(DetectOptions.GROUP_ID.key(), "quell-detect-bench-" + id);
    // One partition per source subtask: the job's watermarks are per source subtask, and a subtask
    // that reads a preloaded backlog of several partitions one after the other drops the later
    // partition's points as late (the README's known limits).
    config.put(QuellTopic.METRICS.partitionsConfigKey(), settings.parallelism());
    Topics topics = Topics.fromConfig(config);
    DetectOptions options = DetectOptions.fromConfig(config);
    String bootstrap = String.valueOf(config.get("bootstrap.servers"));
    String metricsTopic = topics.name(QuellTopic.METRICS);

    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      createTopics(admin, topics);
      long t0 = System.nanoTime();
      preload(config, metricsTopic, settings, progress);
      double preloadSeconds = (System.nanoTime() - t0) / 1e9;
      long end = endOffsets(admin, metricsTopic);
      progress.accept(
          String.format(
              Locale.ROOT,
              "Preloaded %,d points into %s in %.1f s",
              end,
              metricsTopic,
              preloadSeconds));

      System.gc();
      long heapBefore = heapUsed();
      try (LocalFlinkCluster flink =
          new LocalFlinkCluster(
              Math.max(2, settings.parallelism()),
              settings.parallelism(),
              CHECKPOINT_INTERVAL,
              settings.workDir())) {
        JobID job = flink.submit("detect-bench", env -> DetectJob.addKafkaPipeline(env, config));
        flink.awaitRunning(Duration.ofMinutes(2));
        long start = System.nanoTime();
        progress.accept(
            "detect job running ("
                + options.metricDetector()
                + ", parallelism "
                + settings.parallelism()
                + "); waiting for its checkpointed offsets to reach the end");
        long lastReport = start;
        long consumed = 0;
        while (consumed < end) {
          Thread.sleep(250);
          consumed = committedOffsets(admin, options.groupId(), metricsTopic);
          long now = System.nanoTime();
          if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
            lastReport = now;
            double s = (now - start) / 1e9;
            progress.accept(
                String.format(
                    Locale.ROOT,
                    "  %5.1f s: %,d of %,d points checkpointed (%.0f%%), %,.0f points/s",
                    s,
                    consumed,
                    end,
                    100.0 * consumed / end,
                    consumed / s));
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long checkpointBytes = flink.latestCheckpointBytes(job);
        System.gc();
        long heapAfter = heapUsed();
        long alerts = countCommitted(config, topics.name(QuellTopic.ALERTS));
        return new Result(
            settings,
            options.metricDetector(),
            preloadSeconds,
            seconds,
            heapBefore,
            heapAfter,
            checkpointBytes,
            alerts);
      }
    }
  }

  private static long heapUsed() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static void createTopics(Admin admin, Topics topics) throws Exception {
    List<NewTopic> create = new ArrayList<>();
    for (TopicDefinition d : topics.definitions()) {
      NewTopic topic = new NewTopic(d.name(), Optional.of(d.partitions()), Optional.empty());
      if (d.compacted()) {
        topic.configs(
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      }
      create.add(topic);
    }
    admin.createTopics(create).all().get(60, TimeUnit.SECONDS);
  }

  private static void preload(
      Map<String, Object> config, String topic, Settings settings, Consumer<String> progress)
      throws Exception {
    Map<String, Object> producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"));
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long steps = (settings.points() + settings.series() - 1) / settings.series();
    long shiftFrom = steps * 4 / 5;
    // Recent stamps (Kafka's retention judges records by them), on a whole minute so that every
    // run puts the same points in the same buckets: the service model's 30 s vectors, and with them
    // its alerts, would otherwise change with the second the bench started.
    Instant start =
        Instant.now().minus(Duration.ofSeconds(10 * steps)).truncatedTo(ChronoUnit.MINUTES);
    SplittableRandom random = new SplittableRandom(42);
    long tenth = Math.max(1, settings.points() / 10);
    try (Serializer<MetricPoint> avro =
            QuellTopic.METRICS.valueSerde(SchemaRegistryOptions.fromMap(config)).serializer();
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
      long sent = 0;
      for (long step = 0; step < steps && sent < settings.points(); step++) {
        Instant at = start.plusSeconds(10 * step);
        for (int s = 0; s < settings.series() && sent < settings.points(); s++) {
          boolean shifted = s % 100 == 0 && step >= shiftFrom;
          double value = 100 + (s % 7) * 10 + random.nextGaussian() * 2 + (shifted ? 40 : 0);
          MetricPoint point =
              MetricPoint.newBuilder()
                  .setName("bench_latency_ms")
                  .setLabels(Map.of("service", "svc-" + (s % 50), "instance", "i-" + s))
                  .setTimestamp(at)
                  .setValue(value)
                  .build();
          producer.send(
              new ProducerRecord<>(
                  topic,
                  null,
                  at.toEpochMilli(),
                  QuellTopic.METRICS.keyOf(point),
                  avro.serialize(topic, point)));
          sent++;
          if (sent % tenth == 0) {
            progress.accept(
                String.format(
                    Locale.ROOT, "  preloaded %,d of %,d points", sent, settings.points()));
          }
        }
      }
      producer.flush();
    }
  }

  private static long endOffsets(Admin admin, String topic) throws Exception {
    var partitions =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(
        p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    long sum = 0;
    for (ListOffsetsResult.ListOffsetsResultInfo info :
        admin.listOffsets(request).all().get().values()) {
      sum += info.offset();
    }
    return sum;
  }

  private static long committedOffsets(Admin admin, String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    long sum = 0;
    for (var entry : offsets.entrySet()) {
      if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
        sum += entry.getValue().offset();
      }
    }
    return sum;
  }

  private static long countCommitted(Map<String, Object> config, String topic) {
    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"));
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topic + ".bench-reader");
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
      consumer.subscribe(List.of(topic));
      int empty = 0;
      while (empty < 5) {
        int n = consumer.poll(Duration.ofMillis(500)).count();
        count += n;
        empty = n == 0 ? empty + 1 : 0;
      }
    }
    return count;
  }
}
