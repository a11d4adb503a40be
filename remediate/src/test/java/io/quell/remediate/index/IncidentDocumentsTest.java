/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quell.remediate.testing.Incidents;
import io.quell.schemas.avro.Incident;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentDocumentsTest {

  @Test
  void shouldCarryEveryIncidentFieldAndTheDerivedOnes() {
    Incident incident = Incidents.critical("inc-1", 2);

    JsonNode doc = IncidentDocuments.toDocument(incident);

    List<String> avroFields =
        incident.getSchema().getFields().stream().map(field -> field.name()).toList();
    assertThat(names(doc)).containsAll(avroFields);
    assertThat(doc.path("severityRank").asInt()).isEqualTo(2);
    assertThat(doc.path("memberCount").asInt()).isEqualTo(2);
    assertThat(doc.path("topRootCause").asText()).isEqualTo("payments");
    assertThat(doc.path("suppressed").asBoolean()).isFalse();
    assertThat(doc.path("resolvedAt").isNull()).isTrue();
    assertThat(doc.path("lastSeen").asText()).isEqualTo(incident.getLastSeen().toString());
    assertThat(doc.path("durationMillis").asLong())
        .isEqualTo(incident.getLastSeen().toEpochMilli() - Incidents.FIRST_ALERT.toEpochMilli());
  }

  @Test
  void shouldMapEveryDocumentFieldInTheTemplate() throws Exception {
    JsonNode properties = QuellIndices.mappings(QuellIndices.Kind.INCIDENTS).path("properties");

    JsonNode doc = IncidentDocuments.toDocument(Incidents.critical("inc-1", 2));

    assertThat(names(properties)).containsExactlyInAnyOrderElementsOf(names(doc));
    assertThat(names(QuellIndices.mappings(QuellIndices.Kind.TIMELINE).path("properties")))
        .containsExactlyInAnyOrderElementsOf(
            names(IncidentDocuments.toTimelineDocument(Incidents.critical("inc-1", 2))));
    JsonNode alertProperties = properties.path("alerts").path("properties");
    assertThat(names(alertProperties))
        .containsExactlyInAnyOrderElementsOf(names(doc.path("alerts").get(0)));
  }

  @Test
  void shouldClassifyBulkItems() {
    assertThat(BulkItemOutcome.of(201, null)).isEqualTo(BulkItemOutcome.WRITTEN);
    assertThat(BulkItemOutcome.of(200, null)).isEqualTo(BulkItemOutcome.WRITTEN);
    assertThat(BulkItemOutcome.of(409, BulkItemOutcome.VERSION_CONFLICT))
        .isEqualTo(BulkItemOutcome.CONFLICT);
    assertThat(BulkItemOutcome.of(400, "document_parsing_exception"))
        .isEqualTo(BulkItemOutcome.REJECTED);
    assertThat(BulkItemOutcome.of(429, "es_rejected_execution_exception"))
        .isEqualTo(BulkItemOutcome.RETRY);
    assertThat(BulkItemOutcome.of(503, "unavailable_shards_exception"))
        .isEqualTo(BulkItemOutcome.RETRY);
    assertThat(BulkItemOutcome.of(404, "index_not_found_exception"))
        .isEqualTo(BulkItemOutcome.RETRY);
    assertThat(BulkItemOutcome.of(403, "cluster_block_exception")).isEqualTo(BulkItemOutcome.RETRY);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
