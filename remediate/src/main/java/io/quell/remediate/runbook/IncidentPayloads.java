/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.RootCauseCandidate;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The JSON body of the generic webhook, built as a Jackson tree: every value from the incident is a
 * JSON string or number, never JSON text, so a hostile title or label cannot add or change fields.
 * Labels are sorted by name so that the same incident always gives the same bytes.
 *
 * <p>Shape (schemaVersion 1):
 *
 * <pre>{@code
 * {"schemaVersion": 1, "event": "incident.critical", "actionId": "...", "rule": "...",
 *  "incident": {"id", "version", "status", "title", "severity", "services": [...],
 *               "rootCauses": [{"rank", "service", "score", "evidence"}], "memberCount",
 *               "firstSeen", "lastSeen" (ISO-8601 UTC), "labels": {...}},
 *  "links": {"elasticsearch": {"index": "quell-incidents", "id": "<incident id>"}}}
 * }</pre>
 */
public final class IncidentPayloads {

  /** Version of the payload shape; raised when a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String incidentsIndex;

  /**
   * @param incidentsIndex the Elasticsearch index the incident is written to, for the link hint
   */
  public IncidentPayloads(String incidentsIndex) {
    this.incidentsIndex = Objects.requireNonNull(incidentsIndex, "incidentsIndex");
  }

  /** The payload announcing {@code incident} as {@code event}, for the action {@code actionId}. */
  public String render(Incident incident, String event, String actionId, String rule) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("event", event);
    root.put("actionId", actionId);
    root.put("rule", rule);
    root.set("incident", incidentNode(incident));
    ObjectNode elasticsearch = root.putObject("links").putObject("elasticsearch");
    elasticsearch.put("index", incidentsIndex);
    elasticsearch.put("id", incident.getId());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
    }
  }

  static ObjectNode incidentNode(Incident incident) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", incident.getId());
    node.put("version", incident.getVersion());
    node.put("status", incident.getStatus().name());
    node.put("title", incident.getTitle());
    node.put("severity", incident.getSeverity().name());
    ArrayNode services = node.putArray("services");
    incident.getServices().forEach(services::add);
    ArrayNode rootCauses = node.putArray("rootCauses");
    for (RootCauseCandidate candidate : incident.getRootCauses()) {
      ObjectNode rootCause = rootCauses.addObject();
      rootCause.put("rank", candidate.getRank());
      rootCause.put("service", candidate.getService());
      rootCause.put("score", candidate.getScore());
      rootCause.put("evidence", candidate.getEvidence());
    }
    node.put("memberCount", incident.getAlerts().size());
    node.put("firstSeen", incident.getFirstSeen().toString());
    node.put("lastSeen", incident.getLastSeen().toString());
    ObjectNode labels = node.putObject("labels");
    for (Map.Entry<String, String> label : new TreeMap<>(incident.getLabels()).entrySet()) {
      labels.put(label.getKey(), label.getValue());
    }
    return node;
  }
}
