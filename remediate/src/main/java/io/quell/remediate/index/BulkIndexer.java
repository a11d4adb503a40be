/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.quell.remediate.ConsumerWorker;
import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
import org.apache.kafka.clients.consumer.RangeAssignor;
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
 * A consumer (read_committed) that turns each record into bulk writes to Elasticsearch, and commits
 * offsets only for what Elasticsearch acknowledged.
 *
 * <p>Offsets are committed by hand, per partition up to the first record whose writes Elasticsearch
 * did not all acknowledge. A partition whose writes failed transiently (unreachable, 429, 5xx, a
 * missing index, a read-only block) is rewound to that record and paused with a growing backoff
 * (250 ms doubling up to {@code index.retry.max.backoff.ms}); so when Elasticsearch is down the
 * indexer stops consuming and catches up when it returns. Records that cannot be decoded, and
 * documents Elasticsearch refuses (HTTP 400), go to quell.dlq. At the start of every session, and
 * after a write found an index missing, the templates and indices are installed ({@link
 * QuellIndices}).
 *
 * @param <T> the decoded record
 */
public abstract class BulkIndexer<T> extends ConsumerWorker {

  private static final Logger LOG = LoggerFactory.getLogger(BulkIndexer.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

  /**
   * One write of a record.
   *
   * @param conflictIsDone whether a version conflict means Elasticsearch has this already (an
   *     external version, or a create of an id that exists); otherwise the write is retried
   */
  protected record Write(BulkOperation operation, boolean conflictIsDone) {}

  private final Map<String, Object> kafka;
  private final String groupId;
  private final List<String> topics;
  private final String dlqTopic;
  private final int batchSize;
  private final Duration maxBackoff;
  private final ElasticsearchClient client;
  private final QuellIndices indices;
  protected final RemediationMetrics metrics;
  private final String decodeStage;
  private final String rejectedStage;

  private final Set<TopicPartition> paused = new HashSet<>();
  private long resumeAtNanos;
  private Duration backoff = FIRST_BACKOFF;
  private boolean reinstall;

  /**
   * @param name the worker's name (health, lag metric, thread)
   * @param groupSuffix the consumer group is {@code <application id>-<groupSuffix>}
   * @param sources the topics to read
   * @param client closed when the indexer is closed
   */
  protected BulkIndexer(
      String name,
      String groupSuffix,
      List<QuellTopic<?, ?>> sources,
      String decodeStage,
      String rejectedStage,
      Map<String, ?> config,
      ElasticsearchClient client,
      RemediationMetrics metrics) {
    super(name);
    this.kafka = RemediateOptions.kafkaConnection(config);
    this.groupId = RemediateOptions.APPLICATION_ID.read(config) + "-" + groupSuffix;
    Topics names = Topics.fromConfig(config);
    this.topics = sources.stream().map(names::name).toList();
    this.dlqTopic = names.name(QuellTopic.DLQ);
    this.batchSize = RemediateOptions.INDEX_BATCH_SIZE.read(config);
    this.maxBackoff = RemediateOptions.INDEX_MAX_BACKOFF.read(config);
    this.client = client;
    this.indices =
        new QuellIndices(
            client,
            RemediateOptions.INDEX_PREFIX.read(config).strip(),
            RemediateOptions.TIMELINE_RETENTION.read(config));
    this.metrics = metrics;
    this.decodeStage = decodeStage;
    this.rejectedStage = rejectedStage;
    metrics.registerLag(name, this::lag);
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

  /** {@code elasticsearch.url} of {@code config}, required while an indexer is enabled. */
  public static String elasticsearchUrl(Map<String, ?> config) {
    String url = RemediateOptions.ELASTICSEARCH_URL.read(config);
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "Setting '"
              + RemediateOptions.ELASTICSEARCH_URL.key()
              + "' is required while the incident indexer is enabled");
    }
    return url.strip();
  }

  public QuellIndices indices() {
    return indices;
  }

  /** Decodes a record; null for a record to skip (a tombstone). */
  protected abstract T decode(ConsumerRecord<byte[], byte[]> record)
      throws MalformedRecordException;

  /** Why {@code value} cannot be written at all (dead-lettered), or null. */
  protected abstract String invalid(T value);

  /**
   * The writes of one value. The first decides whether the record counts as written or as a
   * conflict; any write to retry makes the whole record retried, any refused one dead-letters it.
   * Called for the values of a batch in the order of their records, after {@link #prepare}.
   */
  protected abstract List<Write> writes(T value);

  /**
   * Reads from Elasticsearch what the writes of a batch depend on, before {@link #writes} is called
   * for its values. When it fails every record of the batch is retried, as when the bulk request
   * fails. Nothing by default.
   */
  protected void prepare(List<T> values) throws IOException {}

  /** The client, for {@link #prepare}. */
  protected ElasticsearchClient client() {
    return client;
  }

  @Override
  protected void session() throws Exception {
    if (!installIndices()) {
      return;
    }
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer();
        KafkaProducer<byte[], byte[]> deadLetters = newDeadLetterProducer()) {
      paused.clear();
      consumer.subscribe(
          topics,
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

  /** Installs the templates and indices, waiting while Elasticsearch is unreachable. */
  private boolean installIndices() {
    Duration wait = FIRST_BACKOFF;
    while (running()) {
      try {
        indices.install();
        return true;
      } catch (IOException | ElasticsearchException e) {
        state(State.WAITING, "cannot install the index templates: " + e.getMessage());
        LOG.debug("{}: index installation failed; retrying in {}", name(), wait, e);
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
    if (reinstall) {
      try {
        indices.install();
        reinstall = false;
      } catch (IOException | ElasticsearchException e) {
        pauseLonger("cannot reinstall the indices: " + e.getMessage());
        return;
      }
    }
    Set<TopicPartition> assigned = new HashSet<>(paused);
    assigned.retainAll(consumer.assignment());
    consumer.resume(assigned);
    paused.clear();
  }

  private record Pending<T>(ConsumerRecord<byte[], byte[]> record, List<Write> writes) {
    TopicPartition partition() {
      return new TopicPartition(record.topic(), record.partition());
    }
  }

  private void indexBatch(
      KafkaConsumer<byte[], byte[]> consumer,
      KafkaProducer<byte[], byte[]> deadLetterProducer,
      ConsumerRecords<byte[], byte[]> records) {
    List<ConsumerRecord<byte[], byte[]>> valid = new ArrayList<>();
    List<T> values = new ArrayList<>();
    List<DeadLetter> refused = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      T value;
      try {
        value = decode(record);
      } catch (MalformedRecordException e) {
        refused.add(DeadLetter.of(record, decodeStage, e));
        continue;
      }
      if (value == null) {
        continue;
      }
      String invalid = invalid(value);
      if (invalid != null) {
        refused.add(DeadLetter.of(record, rejectedStage, new RejectedDocumentException(invalid)));
        continue;
      }
      valid.add(record);
      values.add(value);
    }

    List<Pending<T>> pending = new ArrayList<>();
    BulkOutcomes bulk;
    try {
      prepare(values);
      for (int i = 0; i < values.size(); i++) {
        pending.add(new Pending<>(valid.get(i), writes(values.get(i))));
      }
      bulk = bulk(pending);
    } catch (IOException | ElasticsearchException e) {
      // What the writes depend on could not be read: every record is tried again.
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      pending.clear();
      List<BulkItemOutcome> outcomes = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : valid) {
        pending.add(new Pending<>(record, List.of()));
        outcomes.add(BulkItemOutcome.RETRY);
        errors.add(error);
      }
      bulk = new BulkOutcomes(outcomes, errors, error);
    }

    Map<TopicPartition, Long> firstRetry = new HashMap<>();
    int written = 0;
    int conflicts = 0;
    int retries = 0;
    for (int i = 0; i < pending.size(); i++) {
      Pending<T> item = pending.get(i);
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
                    rejectedStage,
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
   * The outcome of each pending record, in order, with its error (null when written), and the first
   * error of a retried write for the log.
   */
  private record BulkOutcomes(
      List<BulkItemOutcome> outcomes, List<String> errors, String firstError) {}

  private BulkOutcomes bulk(List<Pending<T>> pending) {
    List<BulkItemOutcome> outcomes = new ArrayList<>(pending.size());
    List<String> errors = new ArrayList<>(pending.size());
    BulkRequest.Builder request = new BulkRequest.Builder();
    int operations = 0;
    for (Pending<T> item : pending) {
      for (Write write : item.writes()) {
        request.operations(write.operation());
        operations++;
      }
    }
    if (operations == 0) {
      pending.forEach(
          item -> {
            outcomes.add(BulkItemOutcome.WRITTEN);
            errors.add(null);
          });
      return new BulkOutcomes(outcomes, errors, null);
    }
    BulkResponse response;
    try {
      response = client.bulk(request.build());
    } catch (IOException | ElasticsearchException e) {
      // Unreachable, timed out or refusing the whole request: every record is tried again.
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      pending.forEach(
          item -> {
            outcomes.add(BulkItemOutcome.RETRY);
            errors.add(error);
          });
      return new BulkOutcomes(outcomes, errors, error);
    }
    String firstError = null;
    int next = 0;
    for (Pending<T> item : pending) {
      BulkItemOutcome recordOutcome = null;
      String recordError = null;
      boolean retry = false;
      boolean rejected = false;
      for (Write write : item.writes()) {
        BulkResponseItem answer = response.items().get(next++);
        String type = answer.error() == null ? null : answer.error().type();
        BulkItemOutcome outcome = BulkItemOutcome.of(answer.status(), type);
        if (outcome == BulkItemOutcome.CONFLICT && !write.conflictIsDone()) {
          outcome = BulkItemOutcome.RETRY;
        }
        String error =
            answer.error() == null
                ? null
                : "HTTP "
                    + answer.status()
                    + " "
                    + type
                    + " ("
                    + answer.index()
                    + "): "
                    + answer.error().reason();
        if (recordOutcome == null) {
          recordOutcome = outcome;
        }
        if (outcome == BulkItemOutcome.RETRY) {
          retry = true;
          recordError = error;
          if (firstError == null) {
            firstError = error;
          }
          if (answer.status() == 404) {
            reinstall = true; // an index or the data stream was deleted under us
          }
        } else if (outcome == BulkItemOutcome.REJECTED) {
          rejected = true;
          recordError = recordError == null ? error : recordError;
        }
      }
      outcomes.add(
          retry
              ? BulkItemOutcome.RETRY
              : rejected
                  ? BulkItemOutcome.REJECTED
                  : recordOutcome == null ? BulkItemOutcome.WRITTEN : recordOutcome);
      errors.add(recordError);
    }
    return new BulkOutcomes(outcomes, errors, firstError);
  }

  private void writeDeadLetters(KafkaProducer<byte[], byte[]> producer, List<DeadLetter> letters) {
    if (letters.isEmpty()) {
      return;
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (DeadLetter letter : letters) {
      LOG.warn("Dead-lettering {}", letter);
      metrics.deadLetter(letter.stage());
      if (letter.stage().equals(rejectedStage)) {
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
    // The range assignor gives one instance the same partition number of every topic it reads:
    // with topics keyed alike and of the same partition count (quell.incidents and
    // quell.action-results), one instance owns an incident in both, which the incident indexer's
    // merge of breaker notes relies on (see IncidentIndexer).
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> newDeadLetterProducer() {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-dlq-" + UUID.randomUUID());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The consumer group of this indexer. */
  public String groupId() {
    return groupId;
  }

  @Override
  public void close() {
    super.close();
    try {
      client._transport().close();
    } catch (IOException e) {
      LOG.warn("{}: could not close the Elasticsearch client", name(), e);
    }
  }

  /** The reason a dead letter of a refused document gives (the header names this class). */
  public static final class RejectedDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public RejectedDocumentException(String message) {
      super(message);
    }
  }
}
