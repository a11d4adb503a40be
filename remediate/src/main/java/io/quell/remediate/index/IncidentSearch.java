/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.remediate.index.QuellIndices.Kind;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads what the indexers wrote: incidents by status and severity, one incident, its timeline and
 * its remediation steps. Documents come back as they are stored (see {@link IncidentDocuments},
 * {@link ActionDocuments}). A missing index or data stream reads as empty: nothing was written yet.
 */
public final class IncidentSearch implements AutoCloseable {

  /** The status filter that stands for "not resolved and not closed". */
  public static final String OPEN = "open";

  private static final int MOST_VERSIONS = 1000;

  private final ElasticsearchClient client;
  private final QuellIndices indices;

  /** Reads through {@code client} (closed with this) the indices named with {@code prefix}. */
  public IncidentSearch(ElasticsearchClient client, String prefix) {
    this.client = client;
    this.indices = new QuellIndices(client, prefix, java.time.Duration.ZERO);
  }

  public String name(Kind kind) {
    return indices.name(kind);
  }

  /**
   * The incidents (newest version of each), most recently seen first.
   *
   * @param statuses statuses to keep (any case), {@value #OPEN} for every status but RESOLVED and
   *     CLOSED; empty for all
   * @param severities severities to keep (any case); empty for all
   */
  public List<ObjectNode> incidents(List<String> statuses, List<String> severities, int limit)
      throws IOException {
    BoolQuery.Builder query = new BoolQuery.Builder();
    List<FieldValue> wanted =
        statuses.stream()
            .filter(status -> !status.equalsIgnoreCase(OPEN))
            .map(status -> FieldValue.of(status.toUpperCase(Locale.ROOT)))
            .toList();
    boolean open = statuses.stream().anyMatch(status -> status.equalsIgnoreCase(OPEN));
    if (open && wanted.isEmpty()) {
      query.mustNot(
          not ->
              not.terms(
                  terms ->
                      terms
                          .field("status")
                          .terms(
                              values ->
                                  values.value(
                                      List.of(
                                          FieldValue.of("RESOLVED"), FieldValue.of("CLOSED"))))));
    } else if (!wanted.isEmpty()) {
      List<FieldValue> values = new java.util.ArrayList<>(wanted);
      if (open) {
        for (String status : List.of("OPEN", "UPDATED", "REOPENED")) {
          values.add(FieldValue.of(status));
        }
      }
      query.filter(
          filter -> filter.terms(terms -> terms.field("status").terms(t -> t.value(values))));
    }
    if (!severities.isEmpty()) {
      List<FieldValue> values =
          severities.stream()
              .map(severity -> FieldValue.of(severity.toUpperCase(Locale.ROOT)))
              .toList();
      query.filter(
          filter -> filter.terms(terms -> terms.field("severity").terms(t -> t.value(values))));
    }
    // Placeholders that hold only the breaker notes of an incident not indexed yet have no status.
    query.filter(filter -> filter.exists(exists -> exists.field("status")));
    BoolQuery bool = query.build();
    return search(
        name(Kind.INCIDENTS),
        request ->
            request
                .query(q -> q.bool(bool))
                .size(limit)
                .sort(sort -> sort.field(field -> field.field("lastSeen").order(SortOrder.Desc))));
  }

  /** The newest version of one incident. */
  public Optional<ObjectNode> incident(String id) throws IOException {
    try {
      GetResponse<ObjectNode> response =
          client.get(request -> request.index(name(Kind.INCIDENTS)).id(id), ObjectNode.class);
      // A placeholder (breaker notes of an incident not indexed yet, no status) is no incident.
      return response.found() && response.source() != null && response.source().has("status")
          ? Optional.of(response.source())
          : Optional.empty();
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Every version of one incident in the timeline, oldest first. */
  public List<ObjectNode> timeline(String id) throws IOException {
    return search(
        name(Kind.TIMELINE),
        request ->
            request
                .query(q -> q.term(term -> term.field("id").value(id)))
                .size(MOST_VERSIONS)
                .sort(sort -> sort.field(field -> field.field("version").order(SortOrder.Asc))));
  }

  /** The remediation steps of one incident with their results, in the order they were decided. */
  public List<ObjectNode> steps(String incidentId) throws IOException {
    return search(
        name(Kind.ACTIONS),
        request ->
            request
                .query(q -> q.term(term -> term.field("incidentId").value(incidentId)))
                .size(MOST_VERSIONS)
                .sort(
                    sort ->
                        sort.field(
                            field ->
                                field
                                    .field("createdAt")
                                    .order(SortOrder.Asc)
                                    .unmappedType(
                                        co.elastic.clients.elasticsearch._types.mapping.FieldType
                                            .Date)))
                .sort(sort -> sort.field(field -> field.field("stepIndex").order(SortOrder.Asc))));
  }

  private List<ObjectNode> search(
      String index,
      java.util.function.Function<
              co.elastic.clients.elasticsearch.core.SearchRequest.Builder,
              co.elastic.clients.elasticsearch.core.SearchRequest.Builder>
          request)
      throws IOException {
    try {
      SearchResponse<ObjectNode> response =
          client.search(
              builder -> request.apply(builder.index(index).ignoreUnavailable(true)),
              ObjectNode.class);
      return response.hits().hits().stream().map(Hit::source).toList();
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    client._transport().close();
  }
}
