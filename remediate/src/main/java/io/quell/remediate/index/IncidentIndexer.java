/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.index.QuellIndices.Kind;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.registry.SchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryClients;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroDeserializer;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p><b>Remediation.</b> It also reads the runbook engine's breaker notes from quell.action-results
 * (results with {@code breaker} set; every other result is skipped) and keeps the incident
 * document's {@code remediation} object ({@link IncidentRemediation}) up to date. The incident
 * document has the incident version as its external version, so no other writer may touch it: this
 * indexer is the only one. Before each batch it reads the current documents of the batch's
 * incidents (one mget); a new version carries the {@code remediation} of the document it replaces
 * over, and a note rewrites the current document with the merged {@code remediation} at the same
 * version ({@code version_type=external_gte}). A note for an incident not indexed yet writes a
 * placeholder at version 0 (id and {@code remediation} only), which the incident's first version
 * replaces, carrying the note over. If the document changed between the read and the write (an
 * instance that took over the partitions), the note's write is a conflict and is retried, read
 * afresh. Both topics are keyed by incident id with the same partition count, so one instance owns
 * an incident in both (the range assignor gives it the same partition of each).
 *
 * <p>A version counts as acknowledged when both writes are; see {@link BulkIndexer} for retries,
 * offsets and dead letters.
 */
public final class IncidentIndexer extends BulkIndexer<SpecificRecord> {

  public static final String DECODE_STAGE = "remediate.index.decode";
  public static final String REJECTED_STAGE = "remediate.index.rejected";

  private static final Logger LOG = LoggerFactory.getLogger(IncidentIndexer.class);

  // Elasticsearch's limit on the byte length of a document id.
  private static final int MAX_ID_BYTES = 512;

  /** The incident document as the batch leaves it: its version and source. */
  private record Current(long version, ObjectNode source) {}

  private final AvroDeserializer<Incident> incidentReader;
  private final AvroDeserializer<ActionResult> resultReader;
  private final String incidentsTopic;
  private final String incidentsIndex;
  private final String timeline;
  private final Map<String, Current> current = new HashMap<>();

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
        List.of(QuellTopic.INCIDENTS, QuellTopic.ACTION_RESULTS),
        DECODE_STAGE,
        REJECTED_STAGE,
        config,
        client,
        metrics);
    SchemaRegistryClient registry =
        SchemaRegistryClients.shared(SchemaRegistryOptions.fromMap(config));
    this.incidentReader = AvroDeserializer.specific(Incident.class, registry);
    this.resultReader = AvroDeserializer.specific(ActionResult.class, registry);
    this.incidentsTopic = Topics.fromConfig(config).name(QuellTopic.INCIDENTS);
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
  protected SpecificRecord decode(ConsumerRecord<byte[], byte[]> record)
      throws MalformedRecordException {
    if (record.topic().equals(incidentsTopic)) {
      return incidentReader.deserialize(record.topic(), record.value());
    }
    ActionResult result = resultReader.deserialize(record.topic(), record.value());
    return IncidentRemediation.isNote(result) ? result : null;
  }

  @Override
  protected String invalid(SpecificRecord value) {
    String id = incidentId(value);
    if (id.isEmpty()) {
      return "the incident id is empty";
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
      return "the incident id is longer than " + MAX_ID_BYTES + " bytes";
    }
    if (value instanceof Incident incident && incident.getVersion() < 0) {
      return "the incident version " + incident.getVersion() + " is negative";
    }
    return null;
  }

  @Override
  protected void prepare(List<SpecificRecord> values) throws IOException {
    current.clear();
    List<String> ids = values.stream().map(IncidentIndexer::incidentId).distinct().toList();
    if (ids.isEmpty()) {
      return;
    }
    MgetResponse<ObjectNode> response =
        client().mget(request -> request.index(incidentsIndex).ids(ids), ObjectNode.class);
    for (MultiGetResponseItem<ObjectNode> item : response.docs()) {
      if (item.isFailure()) {
        String type = item.failure().error().type();
        if (!"index_not_found_exception".equals(type)) {
          throw new IOException(
              "cannot read incident " + item.failure().id() + ": " + item.failure().error());
        }
        continue; // the bulk request finds the index missing too, and reinstalls it
      }
      GetResult<ObjectNode> result = item.result();
      if (result.found() && result.source() != null && result.version() != null) {
        current.put(result.id(), new Current(result.version(), result.source()));
      }
    }
  }

  @Override
  protected List<Write> writes(SpecificRecord value) {
    return value instanceof Incident incident
        ? incidentWrites(incident)
        : noteWrites((ActionResult) value);
  }

  private List<Write> incidentWrites(Incident incident) {
    ObjectNode doc = IncidentDocuments.toDocument(incident);
    Current existing = current.get(incident.getId());
    if (existing != null && existing.source().hasNonNull(IncidentRemediation.FIELD)) {
      doc.set(IncidentRemediation.FIELD, existing.source().get(IncidentRemediation.FIELD));
    }
    if (existing == null || incident.getVersion() > existing.version()) {
      current.put(incident.getId(), new Current(incident.getVersion(), doc));
    }
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
                            .document(doc)));
    ObjectNode timelineDoc = IncidentDocuments.toTimelineDocument(incident);
    timelineDoc.set(IncidentRemediation.FIELD, doc.get(IncidentRemediation.FIELD));
    BulkOperation update =
        BulkOperation.of(
            operation ->
                operation.create(
                    write ->
                        write
                            .index(timeline)
                            .id(IncidentDocuments.timelineId(incident))
                            .document(timelineDoc)));
    return List.of(new Write(newest, true), new Write(update, true));
  }

  private List<Write> noteWrites(ActionResult note) {
    String id = note.getIncidentId();
    Current existing = current.get(id);
    ObjectNode doc;
    long version;
    if (existing == null) {
      LOG.debug("Incident {} is not indexed yet: its breaker note goes into a placeholder", id);
      doc = IncidentDocuments.JSON_FACTORY.objectNode();
      doc.put("id", id);
      doc.set(IncidentRemediation.FIELD, IncidentRemediation.merge(null, note));
      version = 0;
    } else {
      doc = existing.source().deepCopy();
      doc.set(
          IncidentRemediation.FIELD,
          IncidentRemediation.merge(existing.source().get(IncidentRemediation.FIELD), note));
      version = existing.version();
    }
    current.put(id, new Current(version, doc));
    BulkOperation rewrite =
        BulkOperation.of(
            operation ->
                operation.index(
                    write ->
                        write
                            .index(incidentsIndex)
                            .id(id)
                            .version(version)
                            .versionType(VersionType.ExternalGte)
                            .document(doc)));
    // A conflict means the document changed since it was read: read it again and merge again.
    return List.of(new Write(rewrite, false));
  }

  private static String incidentId(SpecificRecord value) {
    return value instanceof Incident incident
        ? incident.getId()
        : ((ActionResult) value).getIncidentId();
  }
}
