/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.publish;

import io.quell.ingest.IngestOptions;
import io.quell.schemas.registry.SchemaRegistryException;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to the Quell topics with one idempotent producer ({@code acks=all}, compression, a
 * short linger) shared by all topics. Values are serialized before they are handed to the producer
 * with the topic's own value serde, so that a schema registry failure is reported for the call that
 * met it rather than buried in the producer.
 *
 * <p>Timeouts are short on purpose: a caller waits at most {@code kafka.max-block.ms} to hand a
 * record over and {@code kafka.delivery-timeout.ms} for its acknowledgement, and is then told to
 * retry; nothing is dropped silently.
 *
 * <p>Readiness asks the cluster to describe itself through an admin client, with a short timeout,
 * and reuses the answer for {@code readiness-cache.ms}.
 */
public final class KafkaRecordPublisher implements RecordPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordPublisher.class);
  private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

  private final Topics topics;
  private final SchemaRegistryOptions registryOptions;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Object> adminConfig;
  private final Duration readinessTimeout;
  private final Duration readinessCache;
  private final Duration closeTimeout;
  private final Map<QuellTopic<?, ?>, Serializer<?>> serializers = new ConcurrentHashMap<>();
  private final Object readinessLock = new Object();
  private Admin admin;
  private volatile CachedReadiness lastReadiness;
  private volatile boolean closed;

  private record CachedReadiness(long checkedAtNanos, Readiness readiness) {}

  /**
   * A publisher for the cluster, registry and topics named in {@code config} ({@code
   * bootstrap.servers}, {@code schema.registry.url}, {@code quell.topic.*}, {@code
   * quell.ingest.kafka.*}, {@code quell.ingest.producer.*}).
   *
   * @param purpose short name that goes into the Kafka client id, for example {@code intake}
   */
  public KafkaRecordPublisher(Map<String, ?> config, String purpose) {
    IngestOptions.validate(config);
    this.topics = Topics.fromConfig(config);
    this.registryOptions = SchemaRegistryOptions.fromMap(config);
    this.readinessTimeout = IngestOptions.READINESS_TIMEOUT.read(config);
    this.readinessCache = IngestOptions.READINESS_CACHE.read(config);
    this.closeTimeout = IngestOptions.SHUTDOWN_TIMEOUT.read(config);
    String clientId = "quell-" + purpose + "-" + CLIENT_IDS.incrementAndGet();
    Map<String, Object> producerConfig = producerConfig(config, clientId);
    this.producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    this.adminConfig = adminConfig(producerConfig, clientId);
  }

  static Map<String, Object> producerConfig(Map<String, ?> config, String clientId) {
    Map<String, Object> props = new HashMap<>(IngestOptions.kafkaConnection(config));
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    // Every record the caller is told about is on all in-sync replicas, written once.
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, IngestOptions.KAFKA_COMPRESSION.read(config));
    props.put(ProducerConfig.LINGER_MS_CONFIG, IngestOptions.KAFKA_LINGER.read(config).toMillis());
    props.put(
        ProducerConfig.MAX_BLOCK_MS_CONFIG, IngestOptions.KAFKA_MAX_BLOCK.read(config).toMillis());
    props.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) IngestOptions.KAFKA_REQUEST_TIMEOUT.read(config).toMillis());
    props.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) IngestOptions.KAFKA_DELIVERY_TIMEOUT.read(config).toMillis());
    props.put(
        ProducerConfig.BUFFER_MEMORY_CONFIG, (long) IngestOptions.KAFKA_BUFFER_BYTES.read(config));
    // A record the intake accepted must fit into a produce request.
    props.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Math.max(1024 * 1024, IngestOptions.MAX_RECORD_BYTES.read(config) + 64 * 1024));
    // The ingest-specific producer settings are the most specific, so they win.
    props.putAll(IngestOptions.producerOverrides(config));
    return props;
  }

  private Map<String, Object> adminConfig(Map<String, Object> producerConfig, String clientId) {
    Map<String, Object> props = new HashMap<>();
    // Connection and security settings are common to all clients; the rest is producer-only.
    producerConfig.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(key)) {
            props.put(key, value);
          }
        });
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-readiness");
    int timeout = (int) Math.max(100, readinessTimeout.toMillis());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    return props;
  }

  /** The topic names this publisher writes to. */
  public Topics topics() {
    return topics;
  }

  @Override
  public <V> CompletableFuture<Void> publish(QuellTopic<String, V> topic, List<V> values) {
    return send(topic, values, null);
  }

  @Override
  public <V> CompletableFuture<Void> publish(QuellTopic<String, V> topic, String key, V value) {
    return send(topic, List.of(value), key);
  }

  private <V> CompletableFuture<Void> send(
      QuellTopic<String, V> topic, List<V> values, String explicitKey) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (values.isEmpty()) {
      done.complete(null);
      return done;
    }
    if (closed) {
      done.completeExceptionally(
          new PublishException(
              PublishException.Reason.SHUTTING_DOWN, "the publisher is closing", null));
      return done;
    }
    String topicName = topics.name(topic);
    Serializer<V> serializer = serializer(topic);
    AtomicInteger outstanding = new AtomicInteger(values.size());
    for (V value : values) {
      ProducerRecord<String, byte[]> record;
      try {
        String key = explicitKey != null ? explicitKey : topic.keyOf(value);
        record = new ProducerRecord<>(topicName, key, serializer.serialize(topicName, value));
        producer.send(
            record,
            (metadata, error) -> {
              if (error != null) {
                done.completeExceptionally(classify(error, topicName));
              } else if (outstanding.decrementAndGet() == 0) {
                done.complete(null);
              }
            });
      } catch (RuntimeException e) {
        // The records before this one may still be delivered: callers are told to retry the
        // whole call, which makes delivery at-least-once at this boundary.
        done.completeExceptionally(classify(e, topicName));
        break;
      }
    }
    return done;
  }

  @SuppressWarnings("unchecked")
  private <V> Serializer<V> serializer(QuellTopic<String, V> topic) {
    return (Serializer<V>)
        serializers.computeIfAbsent(topic, t -> t.valueSerde(registryOptions).serializer());
  }

  static PublishException classify(Throwable error, String topicName) {
    Throwable cause = error;
    if (cause instanceof SerializationException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof PublishException publishException) {
      return publishException;
    }
    if (cause instanceof SchemaRegistryException registryError) {
      return new PublishException(
          registryError.isRetryable()
              ? PublishException.Reason.REGISTRY_UNAVAILABLE
              : PublishException.Reason.REGISTRY_REJECTED,
          "schema registry: " + registryError.getMessage(),
          registryError);
    }
    if (cause instanceof org.apache.kafka.clients.producer.BufferExhaustedException) {
      return new PublishException(
          PublishException.Reason.BUFFER_FULL,
          "the producer buffer for " + topicName + " stayed full: " + cause.getMessage(),
          cause);
    }
    if (cause instanceof TimeoutException) {
      return new PublishException(
          PublishException.Reason.KAFKA_TIMEOUT,
          "Kafka did not answer in time for " + topicName + ": " + cause.getMessage(),
          cause);
    }
    if (cause instanceof RetriableException) {
      return new PublishException(
          PublishException.Reason.KAFKA_UNAVAILABLE,
          "Kafka is unavailable for " + topicName + ": " + cause.getMessage(),
          cause);
    }
    if (cause instanceof IllegalStateException
        || (cause instanceof KafkaException
            && String.valueOf(cause.getMessage()).contains("closed"))) {
      return new PublishException(
          PublishException.Reason.SHUTTING_DOWN, "the producer is closed: " + cause, cause);
    }
    return new PublishException(
        PublishException.Reason.KAFKA_REJECTED,
        "Kafka refused records for " + topicName + ": " + cause,
        cause);
  }

  @Override
  public Readiness readiness() {
    CachedReadiness cached = lastReadiness;
    if (cached != null && System.nanoTime() - cached.checkedAtNanos() < readinessCache.toNanos()) {
      return cached.readiness();
    }
    synchronized (readinessLock) {
      cached = lastReadiness;
      if (cached != null
          && System.nanoTime() - cached.checkedAtNanos() < readinessCache.toNanos()) {
        return cached.readiness();
      }
      Readiness fresh = probe();
      lastReadiness = new CachedReadiness(System.nanoTime(), fresh);
      return fresh;
    }
  }

  private Readiness probe() {
    if (closed) {
      return new Readiness(false, "shutting down");
    }
    try {
      if (admin == null) {
        admin = Admin.create(adminConfig);
      }
      int timeout = (int) readinessTimeout.toMillis();
      var nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(timeout))
              .nodes()
              .get(timeout + 500L, TimeUnit.MILLISECONDS);
      if (nodes.isEmpty()) {
        return new Readiness(false, "Kafka answered with no brokers");
      }
      return new Readiness(true, "Kafka brokers: " + nodes.stream().map(Node::idString).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Readiness(false, "interrupted while asking Kafka");
    } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return new Readiness(false, "Kafka unreachable: " + cause.getMessage());
    }
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (readinessLock) {
      if (admin != null) {
        admin.close(Duration.ofSeconds(1));
      }
    }
    // close() first delivers what was buffered, waiting at most the timeout.
    producer.close(closeTimeout);
    LOG.debug("Kafka publisher closed");
  }
}
