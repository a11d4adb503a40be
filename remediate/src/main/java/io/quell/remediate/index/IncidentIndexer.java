/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.index.QuellIndices.Kind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.topic.QuellTopic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Writes every incident version from quell.incidents (read_committed) twice, in one bulk request:
 *
 * <ul>
 *   <li>into the incidents index: document id = incident id, version = incident version,
 *       version_type external, so Elasticsearch keeps the newest version whatever order versions
 *       arrive in, and a version it has already (or an older one) is a conflict that is expected
 *       and ignored;
 *   <li>into the incident timeline (a data stream): op_type create with id {@link
 *       IncidentDocuments#timelineId}, so a replayed version is a conflict too, not a duplicate.
 * </ul>
 *
 * <p>A version counts as acknowledged when both writes are; see {@link BulkIndexer} for retries,
 * offsets and dead letters.
 */
public final class IncidentIndexer extends BulkIndexer<Incident> {

  public static final String DECODE_STAGE = "remediate.index.decode";
  public static final String REJECTED_STAGE = "remediate.index.rejected";

  // Elasticsearch's limit on the byte length of a document id.
  private static final int MAX_ID_BYTES = 512;

  private final AvroDeserializer<Incident> incidentReader;
  private final String incidentsIndex;
  private final String timeline;

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
    super(
        "indexer",
        "indexer",
        List.of(QuellTopic.INCIDENTS),
        DECODE_STAGE,
        REJECTED_STAGE,
        config,
        client,
        metrics);
    this.incidentReader =
        AvroDeserializer.specific(
            Incident.class, SchemaRegistryClients.shared(SchemaRegistryOptions.fromMap(config)));
    this.incidentsIndex = indices().name(Kind.INCIDENTS);
    this.timeline = indices().name(Kind.TIMELINE);
  }

  /** The incidents index. */
  public String indexName() {
    return incidentsIndex;
  }

  /** The incident timeline data stream. */
  public String timelineName() {
    return timeline;
  }

  @Override
  protected Incident decode(ConsumerRecord<byte[], byte[]> record) throws MalformedRecordException {
    return incidentReader.deserialize(record.topic(), record.value());
  }

  @Override
  protected String invalid(Incident incident) {
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

  @Override
  protected List<Write> writes(Incident incident) {
    BulkOperation newest =
        BulkOperation.of(
            operation ->
                operation.index(
                    write ->
                        write
                            .index(incidentsIndex)
                            .id(incident.getId())
                            .version(incident.getVersion())
                            .versionType(VersionType.External)
                            .document(IncidentDocuments.toDocument(incident))));
    BulkOperation update =
        BulkOperation.of(
            operation ->
                operation.create(
                    write ->
                        write
                            .index(timeline)
                            .id(IncidentDocuments.timelineId(incident))
                            .document(IncidentDocuments.toTimelineDocument(incident))));
    return List.of(new Write(newest, true), new Write(update, true));
  }
}
