/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.JoinReason;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Suppression;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Elasticsearch document of an incident version: every field of {@link Incident} under its Avro
 * name, timestamps as ISO-8601 UTC strings, enums as their symbols, plus a few fields derived for
 * Kibana (severityRank, memberCount, topRootCause, durationMillis, suppressed), and {@code
 * remediation} ({@link IncidentRemediation}, null here). The mapping is the component template
 * {@code incident-fields.json} beside this class; the timeline adds the time field ({@code
 * timeline-fields.json}).
 */
public final class IncidentDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Makes the nodes of incident documents. */
  static final com.fasterxml.jackson.databind.node.JsonNodeFactory JSON_FACTORY =
      JSON.getNodeFactory();

  private IncidentDocuments() {}

  public static ObjectNode toDocument(Incident incident) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("id", incident.getId());
    doc.put("version", incident.getVersion());
    doc.put("status", incident.getStatus().name());
    doc.put("title", incident.getTitle());
    doc.put("severity", incident.getSeverity().name());
    // Symbols ascend in urgency, so the ordinal sorts incidents by how urgent they are.
    doc.put("severityRank", incident.getSeverity().ordinal());
    ArrayNode services = doc.putArray("services");
    incident.getServices().forEach(services::add);
    doc.put("memberCount", incident.getAlerts().size());
    ArrayNode alerts = doc.putArray("alerts");
    for (MemberAlert member : incident.getAlerts()) {
      alerts.add(alertNode(member));
    }
    ArrayNode rootCauses = doc.putArray("rootCauses");
    for (RootCauseCandidate candidate : incident.getRootCauses()) {
      ObjectNode node = rootCauses.addObject();
      node.put("rank", candidate.getRank());
      node.put("service", candidate.getService());
      node.put("score", candidate.getScore());
      node.put("evidence", candidate.getEvidence());
      ObjectNode signals = node.putObject("signals");
      for (Map.Entry<String, Double> signal : new TreeMap<>(candidate.getSignals()).entrySet()) {
        signals.put(signal.getKey(), signal.getValue());
      }
    }
    incident.getRootCauses().stream()
        .min((a, b) -> Integer.compare(a.getRank(), b.getRank()))
        .ifPresent(top -> doc.put("topRootCause", top.getService()));
    putInstant(doc, "firstSeen", incident.getFirstSeen());
    putInstant(doc, "lastSeen", incident.getLastSeen());
    putInstant(doc, "resolvedAt", incident.getResolvedAt());
    Instant end =
        incident.getResolvedAt() != null ? incident.getResolvedAt() : incident.getLastSeen();
    doc.put(
        "durationMillis", Math.max(0, end.toEpochMilli() - incident.getFirstSeen().toEpochMilli()));
    putText(doc, "mergedInto", incident.getMergedInto());
    putText(doc, "continuedFrom", incident.getContinuedFrom());
    ArrayNode mergedFrom = doc.putArray("mergedFrom");
    incident.getMergedFrom().forEach(mergedFrom::add);
    ObjectNode labels = doc.putObject("labels");
    for (Map.Entry<String, String> label : new TreeMap<>(incident.getLabels()).entrySet()) {
      labels.put(label.getKey(), label.getValue());
    }
    Suppression suppression = incident.getSuppression();
    doc.put("suppressed", suppression != null);
    if (suppression == null) {
      doc.putNull("suppression");
    } else {
      ObjectNode node = doc.putObject("suppression");
      node.put("silenceId", suppression.getSilenceId());
      node.put("kind", suppression.getKind().name());
      putText(node, "reason", suppression.getReason());
    }
    // Whether this version is a notification under the correlator's cadence (group_wait,
    // group_interval, repeat_interval), and why.
    doc.put("notify", incident.getNotify());
    putText(doc, "notifyReason", incident.getNotifyReason());
    // Not from the incident: the indexer carries it over from the document it replaces, and keeps
    // it up to date from the runbook engine's notes (IncidentRemediation).
    doc.putNull(IncidentRemediation.FIELD);
    return doc;
  }

  /**
   * The timeline document of an incident version: the incident document with {@code @timestamp},
   * the moment of the version in event time (resolvedAt once resolved, lastSeen before).
   */
  public static ObjectNode toTimelineDocument(Incident incident) {
    ObjectNode doc = JSON.createObjectNode();
    Instant at = incident.getLastSeen();
    if (incident.getResolvedAt() != null && incident.getResolvedAt().isAfter(at)) {
      at = incident.getResolvedAt();
    }
    doc.put("@timestamp", at.toString());
    doc.setAll(toDocument(incident));
    return doc;
  }

  /**
   * The document id of an incident version in the timeline: {@code <incident id>@<version>}, or its
   * SHA-256 in hex when that would pass Elasticsearch's 512-byte limit on ids.
   */
  public static String timelineId(Incident incident) {
    String id = incident.getId() + "@" + incident.getVersion();
    if (id.getBytes(StandardCharsets.UTF_8).length <= 512) {
      return id;
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static ObjectNode alertNode(MemberAlert member) {
    ObjectNode node = JSON.createObjectNode();
    node.put("fingerprint", member.getFingerprint());
    node.put("name", member.getName());
    putText(node, "service", member.getService());
    node.put("severity", member.getSeverity().name());
    node.put("status", member.getStatus().name());
    putInstant(node, "firstSeen", member.getFirstSeen());
    putInstant(node, "lastSeen", member.getLastSeen());
    node.put("occurrences", member.getOccurrences());
    JoinReason reason = member.getJoinReason();
    ObjectNode joinReason = node.putObject("joinReason");
    joinReason.put("kind", reason.getKind().name());
    putText(joinReason, "relatedFingerprint", reason.getRelatedFingerprint());
    putText(joinReason, "detail", reason.getDetail());
    ArrayNode path = joinReason.putArray("path");
    reason.getPath().forEach(path::add);
    ObjectNode sharedLabels = joinReason.putObject("sharedLabels");
    for (Map.Entry<String, String> label : new TreeMap<>(reason.getSharedLabels()).entrySet()) {
      sharedLabels.put(label.getKey(), label.getValue());
    }
    putText(joinReason, "templateId", reason.getTemplateId());
    node.put("flapping", member.getFlapping());
    return node;
  }

  private static void putInstant(ObjectNode node, String field, Instant value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value.toString());
    }
  }

  private static void putText(ObjectNode node, String field, String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
