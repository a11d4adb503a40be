/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.index.QuellIndices.Kind;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.registry.SchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Writes every remediation step (quell.actions) and its result (quell.action-results) into the
 * actions index, one document per action id: each record is a partial update with {@code
 * doc_as_upsert}, so step and result merge into one document whichever arrives first, and a replay
 * writes the same fields again. Concurrent updates of one document (step and result read by two
 * consumers) are retried by Elasticsearch ({@code retry_on_conflict}) and then by the indexer: for
 * an update a version conflict is not "already there". Consumer group {@code <application
 * id>-action-indexer}; see {@link BulkIndexer} for retries, offsets and dead letters.
 */
public final class ActionIndexer extends BulkIndexer<SpecificRecord> {

  public static final String DECODE_STAGE = "remediate.action-index.decode";
  public static final String REJECTED_STAGE = "remediate.action-index.rejected";

  private static final int MAX_ID_BYTES = 512;

  private final String actionsTopic;
  private final AvroDeserializer<RemediationAction> actionReader;
  private final AvroDeserializer<ActionResult> resultReader;
  private final String index;

  /** An indexer that writes to {@code elasticsearch.url} of {@code config}. */
  public ActionIndexer(Map<String, ?> config, RemediationMetrics metrics) {
    this(config, client(elasticsearchUrl(config)), metrics);
  }

  /** An indexer that writes through {@code client}, which it closes when it is closed. */
  public ActionIndexer(
      Map<String, ?> config, ElasticsearchClient client, RemediationMetrics metrics) {
    super(
        "action-indexer",
        "action-indexer",
        List.of(QuellTopic.ACTIONS, QuellTopic.ACTION_RESULTS),
        DECODE_STAGE,
        REJECTED_STAGE,
        config,
        client,
        metrics);
    this.actionsTopic = Topics.fromConfig(config).name(QuellTopic.ACTIONS);
    SchemaRegistryClient registry =
        SchemaRegistryClients.shared(SchemaRegistryOptions.fromMap(config));
    this.actionReader = AvroDeserializer.specific(RemediationAction.class, registry);
    this.resultReader = AvroDeserializer.specific(ActionResult.class, registry);
    this.index = indices().name(Kind.ACTIONS);
  }

  /** The actions index. */
  public String indexName() {
    return index;
  }

  @Override
  protected SpecificRecord decode(ConsumerRecord<byte[], byte[]> record)
      throws MalformedRecordException {
    return record.topic().equals(actionsTopic)
        ? actionReader.deserialize(record.topic(), record.value())
        : resultReader.deserialize(record.topic(), record.value());
  }

  @Override
  protected String invalid(SpecificRecord value) {
    String id = actionId(value);
    if (id.isEmpty()) {
      return "the action id is empty";
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
      return "the action id is longer than " + MAX_ID_BYTES + " bytes";
    }
    return null;
  }

  @Override
  protected List<Write> writes(SpecificRecord value) {
    ObjectNode doc =
        value instanceof RemediationAction action
            ? ActionDocuments.step(action)
            : ActionDocuments.result((ActionResult) value);
    BulkOperation update =
        BulkOperation.of(
            operation ->
                operation.update(
                    write ->
                        write
                            .index(index)
                            .id(actionId(value))
                            .retryOnConflict(5)
                            .action(action -> action.doc(doc).docAsUpsert(true))));
    return List.of(new Write(update, false));
  }

  private static String actionId(SpecificRecord value) {
    return value instanceof RemediationAction action
        ? action.getActionId()
        : ((ActionResult) value).getActionId();
  }
}
