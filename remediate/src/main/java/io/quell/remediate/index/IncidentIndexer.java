/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.quell.remediate.ConsumerWorker;
import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every incident version from quell.incidents (read_committed) into the incidents index:
 * document id = incident id, version = incident version, version_type external, so Elasticsearch
 * keeps the newest version whatever order versions arrive in, and a version it has already (or an
 * older one) is a conflict that is expected and ignored.
 *
 * <p>Offsets are committed by hand, per partition up to the first record Elasticsearch did not
 * acknowledge. A partition whose writes failed transiently is rewound to that record and paused
 * with a growing backoff (250 ms doubling up to {@code index.retry.max.backoff.ms}); so when
 * Elasticsearch is down the indexer stops consuming and catches up when it returns. Records that
 * cannot be decoded, and documents Elasticsearch refuses (HTTP 400), go to quell.dlq.
 */
public final class IncidentIndexer extends ConsumerWorker {

  public static final String DECODE_STAGE = "remediate.index.decode";
  public static final String REJECTED_STAGE = "remediate.index.rejected";

  private static final Logger LOG = LoggerFactory.getLogger(IncidentIndexer.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  // Elasticsearch's limit on the byte length of a document id.
  private static final int MAX_ID_BYTES = 512;

  private final Map<String, Object> kafka;
  private final String groupId;
  private final String incidentsTopic;
  private final String dlqTopic;
  private final int batchSize;
  private final Duration maxBackoff;
  private final AvroDeserializer<Incident> incidentReader;
  private final ElasticsearchClient client;
  private final IncidentIndex index;
  private final RemediationMetrics metrics;

  private final Set<TopicPartition> paused = new HashSet<>();
  private long resumeAtNanos;
  private Duration backoff = FIRST_BACKOFF;
  private boolean reinstallIndex;

  /** An indexer that writes to {@code elasticsearch.url} of {@code config}. */
  public IncidentIndexer(Map<String, ?> config, RemediationMetrics metrics) {
    this(config, client(elasticsearchUrl(config)), metrics);
  }

  /**
   * An indexer that writes through {@code client}, which it closes when it is closed.
   *
   * @param config Kafka connection, topics, schema registry, application id (the consumer group is
   *     {@code <application id>-indexer}) and index settings
   */
  public IncidentIndexer(
      Map<String, ?> config, ElasticsearchClient client, RemediationMetrics metrics) {
    super("indexer");
    this.kafka = RemediateOptions.kafkaConnection(config);
    this.groupId = RemediateOptions.APPLICATION_ID.read(config) + "-indexer";
    Topics topics = Topics.fromConfig(config);
    this.incidentsTopic = topics.name(QuellTopic.INCIDENTS);
    this.dlqTopic = topics.name(QuellTopic.DLQ);
    this.batchSize = RemediateOptions.INDEX_BATCH_SIZE.read(config);
    this.maxBackoff = RemediateOptions.INDEX_MAX_BACKOFF.read(config);
    this.incidentReader =
        AvroDeserializer.specific(
            Incident.class, SchemaRegistryClients.shared(SchemaRegistryOptions.fromMap(config)));
    this.client = client;
    this.index = new IncidentIndex(client, RemediateOptions.incidentsIndex(config));
    this.metrics = metrics;
    metrics.registerLag(name(), this::lag);
  }

  /** A client for the Elasticsearch at {@code url}, with the Jackson mapper. */
  public static ElasticsearchClient client(String url) {
    RestClient rest =
        RestClient.builder(HttpHost.create(url))
            .setRequestConfigCallback(
                request -> request.setConnectTimeout(5_000).setSocketTimeout(30_000))
            .build();
    return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
  }

  public String indexName() {
    return index.name();
  }

  @Override
  protected void session() throws Exception {
    if (!installIndex()) {
      return;
    }
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer();
        KafkaProducer<byte[], byte[]> deadLetters = newDeadLetterProducer()) {
      paused.clear();
      consumer.subscribe(
          List.of(incidentsTopic),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              paused.removeAll(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
          });
      state(State.RUNNING, "");
      while (running()) {
        resumeWhenDue(consumer);
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        updateLag(consumer, consumer.assignment());
        if (!records.isEmpty()) {
          indexBatch(consumer, deadLetters, records);
        }
      }
    }
  }

  /** Installs the template and index, waiting while Elasticsearch is unreachable. */
  private boolean installIndex() {
    Duration wait = FIRST_BACKOFF;
    while (running()) {
      try {
        index.install();
        return true;
      } catch (IOException | ElasticsearchException e) {
        state(State.WAITING, "cannot install the index template: " + e.getMessage());
        LOG.debug("Index installation failed; retrying in {}", wait, e);
        if (!sleep(wait)) {
          return false;
        }
        wait = longer(wait);
      }
    }
    return false;
  }

  private void resumeWhenDue(KafkaConsumer<byte[], byte[]> consumer) {
    if (paused.isEmpty() || System.nanoTime() < resumeAtNanos) {
      return;
    }
    if (reinstallIndex) {
      try {
        index.install();
        reinstallIndex = false;
      } catch (IOException | ElasticsearchException e) {
        pauseLonger("cannot reinstall the index: " + e.getMessage());
        return;
      }
    }
    Set<TopicPartition> assigned = new HashSet<>(paused);
    assigned.retainAll(consumer.assignment());
    consumer.resume(assigned);
    paused.clear();
  }

  private record Pending(ConsumerRecord<byte[], byte[]> record, Incident incident) {
    TopicPartition partition() {
      return new TopicPartition(record.topic(), record.partition());
    }
  }

  private void indexBatch(
      KafkaConsumer<byte[], byte[]> consumer,
      KafkaProducer<byte[], byte[]> deadLetterProducer,
      ConsumerRecords<byte[], byte[]> records) {
    List<Pending> pending = new ArrayList<>();
    List<DeadLetter> refused = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Incident incident;
      try {
        incident = incidentReader.deserialize(record.topic(), record.value());
      } catch (MalformedRecordException e) {
        refused.add(DeadLetter.of(record, DECODE_STAGE, e));
        continue;
      }
      if (incident == null) {
        continue;
      }
      String invalid = invalidForIndexing(incident);
      if (invalid != null) {
        refused.add(DeadLetter.of(record, REJECTED_STAGE, new RejectedDocumentException(invalid)));
        continue;
      }
      pending.add(new Pending(record, incident));
    }

    Map<TopicPartition, Long> firstRetry = new HashMap<>();
    int written = 0;
    int conflicts = 0;
    int retries = 0;
    BulkOutcomes bulk = bulk(pending);
    for (int i = 0; i < pending.size(); i++) {
      Pending item = pending.get(i);
      switch (bulk.outcomes().get(i)) {
        case WRITTEN -> written++;
        case CONFLICT -> conflicts++;
        case RETRY -> {
          retries++;
          firstRetry.merge(item.partition(), item.record().offset(), Math::min);
        }
        case REJECTED ->
            refused.add(
                DeadLetter.of(
                    item.record(),
                    REJECTED_STAGE,
                    new RejectedDocumentException(bulk.errors().get(i))));
      }
    }
    // Records at or after a partition's first retry are read again, so dead-lettering them now
    // would dead-letter them twice.
    refused.removeIf(
        letter ->
            letter.offset()
                >= firstRetry.getOrDefault(
                    new TopicPartition(letter.sourceTopic(), letter.partition()), Long.MAX_VALUE));
    writeDeadLetters(deadLetterProducer, refused);

    metrics.indexWrites(written);
    metrics.indexConflicts(conflicts);
    metrics.indexErrors(retries);

    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> partitionRecords = records.records(partition);
      long next =
          firstRetry.getOrDefault(
              partition, partitionRecords.get(partitionRecords.size() - 1).offset() + 1);
      offsets.put(partition, new OffsetAndMetadata(next));
    }
    consumer.commitSync(offsets);

    if (firstRetry.isEmpty()) {
      if (paused.isEmpty()) {
        backoff = FIRST_BACKOFF;
        state(State.RUNNING, "");
      }
      return;
    }
    firstRetry.forEach(consumer::seek);
    consumer.pause(firstRetry.keySet());
    paused.addAll(firstRetry.keySet());
    pauseLonger(
        retries
            + " writes failed"
            + (bulk.firstError() == null ? "" : ", first: " + bulk.firstError())
            + "; partitions "
            + firstRetry.keySet()
            + " paused");
  }

  private void pauseLonger(String why) {
    resumeAtNanos = System.nanoTime() + backoff.toNanos();
    state(State.WAITING, why + " (retry in " + backoff.toMillis() + " ms)");
    backoff = longer(backoff);
  }

  private Duration longer(Duration current) {
    Duration doubled = current.multipliedBy(2);
    return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
  }

  /**
   * The outcome of each pending item, in order, with its error (null when written), and the first
   * error of a retried write for the log.
   */
  private record BulkOutcomes(
      List<BulkItemOutcome> outcomes, List<String> errors, String firstError) {}

  private BulkOutcomes bulk(List<Pending> pending) {
    if (pending.isEmpty()) {
      return new BulkOutcomes(List.of(), List.of(), null);
    }
    BulkRequest.Builder request = new BulkRequest.Builder();
    for (Pending item : pending) {
      Incident incident = item.incident();
      request.operations(
          operation ->
              operation.index(
                  write ->
                      write
                          .index(index.name())
                          .id(incident.getId())
                          .version(incident.getVersion())
                          .versionType(VersionType.External)
                          .document(IncidentDocuments.toDocument(incident))));
    }
    BulkResponse response;
    try {
      response = client.bulk(request.build());
    } catch (IOException | ElasticsearchException e) {
      // Unreachable, timed out or refusing the whole request: every item is tried again.
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      return new BulkOutcomes(
          Collections.nCopies(pending.size(), BulkItemOutcome.RETRY),
          Collections.nCopies(pending.size(), error),
          error);
    }
    List<BulkItemOutcome> outcomes = new ArrayList<>(pending.size());
    List<String> errors = new ArrayList<>(pending.size());
    String firstError = null;
    for (BulkResponseItem item : response.items()) {
      String type = item.error() == null ? null : item.error().type();
      BulkItemOutcome outcome = BulkItemOutcome.of(item.status(), type);
      String error =
          item.error() == null
              ? null
              : "HTTP " + item.status() + " " + type + ": " + item.error().reason();
      if (outcome == BulkItemOutcome.RETRY) {
        if (firstError == null) {
          firstError = error;
        }
        if (item.status() == 404) {
          reinstallIndex = true; // the index was deleted under us
        }
      }
      outcomes.add(outcome);
      errors.add(error);
    }
    return new BulkOutcomes(outcomes, errors, firstError);
  }

  private static String invalidForIndexing(Incident incident) {
    if (incident.getId().isEmpty()) {
      return "the incident id is empty";
    }
    if (incident.getId().getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
      return "the incident id is longer than " + MAX_ID_BYTES + " bytes";
    }
    if (incident.getVersion() < 0) {
      return "the incident version " + incident.getVersion() + " is negative";
    }
    return null;
  }

  private void writeDeadLetters(KafkaProducer<byte[], byte[]> producer, List<DeadLetter> letters) {
    if (letters.isEmpty()) {
      return;
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (DeadLetter letter : letters) {
      LOG.warn("Dead-lettering {}", letter);
      metrics.deadLetter(letter.stage());
      if (letter.stage().equals(REJECTED_STAGE)) {
        metrics.indexRejected(1);
      }
      sent.add(producer.send(letter.toProducerRecord(dlqTopic)));
    }
    // The offsets of these records are committed next: the dead letters must be stored first.
    try {
      for (Future<RecordMetadata> future : sent) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new KafkaException("could not write dead letters to " + dlqTopic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing dead letters", e);
    }
  }

  private KafkaConsumer<byte[], byte[]> newConsumer() {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> newDeadLetterProducer() {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-dlq-" + UUID.randomUUID());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void close() {
    super.close();
    try {
      client._transport().close();
    } catch (IOException e) {
      LOG.warn("Could not close the Elasticsearch client", e);
    }
  }

  private static String elasticsearchUrl(Map<String, ?> config) {
    String url = RemediateOptions.ELASTICSEARCH_URL.read(config);
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "Setting '"
              + RemediateOptions.ELASTICSEARCH_URL.key()
              + "' is required while the incident indexer is enabled");
    }
    return url.strip();
  }

  /** The reason a dead letter of a refused document gives (the header names this class). */
  public static final class RejectedDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public RejectedDocumentException(String message) {
      super(message);
    }
  }
}
