/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) running inside this JVM.
 *
 * <p>The log directory and cluster id live under {@code dir}, so a restart on the same directory
 * keeps every topic and record.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dir;
  private final String host;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  /**
   * @param dir data directory (created if missing)
   * @param host address to bind, normally 127.0.0.1
   * @param port client port
   * @param controllerPort KRaft controller port
   */
  public EmbeddedKafka(Path dir, String host, int port, int controllerPort) {
    this.dir = dir;
    this.host = host;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Formats the storage on first use and starts the broker. */
  public synchronized EmbeddedKafka start() throws IOException {
    if (server != null) {
      return this;
    }
    Path logDir = dir.resolve("data");
    Files.createDirectories(logDir);
    Properties props = brokerProperties(logDir);
    Path propsFile = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(propsFile)) {
      props.store(out, "written by the Quell embedded stack at every start");
    }
    format(propsFile, clusterId());
    server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    LOG.info("Kafka broker listening on {}", bootstrapServers());
    return this;
  }

  public String bootstrapServers() {
    return host + ":" + port;
  }

  private Properties brokerProperties(Path logDir) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    // One node: every internal topic has a single replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    // Consumers join at once instead of waiting for more members.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Flink's exactly-once sink keeps transactions open across checkpoints.
    p.put("transaction.max.timeout.ms", "3600000");
    // No retention by time. Replays, demos and tests send events stamped in the past, and Kafka
    // judges retention by record timestamps: with the default 7 days its retention check (every
    // 5 minutes) deleted such records between their write and their read, so that a consumer found
    // its partition's start moved past them and silently read nothing.
    p.put("log.retention.ms", "-1");
    p.put("log.flush.interval.messages", "1000000");
    p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    return p;
  }

  private String clusterId() throws IOException {
    Path idFile = dir.resolve("cluster.id");
    if (Files.exists(idFile)) {
      return Files.readString(idFile).trim();
    }
    String id = Uuid.randomUuid().toString();
    Files.writeString(idFile, id);
    return id;
  }

  private static void format(Path propsFile, String clusterId) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc;
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      rc =
          StorageTool.execute(
              new String[] {
                "format",
                "-t",
                clusterId,
                "-c",
                propsFile.toString(),
                "--ignore-formatted",
                // Without it the Flink committer logs a spurious data-loss warning.
                "--feature",
                "transaction.version=1"
              },
              print);
    }
    if (rc != 0) {
      throw new IOException(
          "formatting Kafka storage failed (exit "
              + rc
              + "): "
              + out.toString(StandardCharsets.UTF_8));
    }
  }

  /** Creates missing topics and waits until each partition answers offset requests. */
  public void createTopics(Collection<TopicSpec> topics) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      createTopics(admin, topics);
    }
  }

  static void createTopics(Admin admin, Collection<TopicSpec> topics) {
    if (topics.isEmpty()) {
      return;
    }
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (TopicSpec spec : topics) {
        if (existing.contains(spec.name())) {
          continue;
        }
        Map<String, String> configs = new HashMap<>();
        if (spec.compacted()) {
          configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        missing.add(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(configs));
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
        LOG.info(
            "created topics {}",
            missing.stream().map(NewTopic::name).collect(Collectors.joining(", ")));
      }
      awaitPartitionsReady(admin, topics.stream().map(TopicSpec::name).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not create topics " + topics + ": " + e.getMessage(), e);
    }
  }

  /**
   * Right after creation an idempotent producer can get stuck on a partition whose leader is not
   * settled yet; once {@code listOffsets} answers for every partition, producing is safe.
   */
  private static void awaitPartitionsReady(Admin admin, List<String> names) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> described =
            admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.forEach(
            (name, d) ->
                d.partitions()
                    .forEach(
                        p ->
                            request.put(
                                new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("partitions of " + names + " did not become ready", last);
  }

  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
      LOG.info("Kafka broker stopped");
    } finally {
      server = null;
    }
  }
}
