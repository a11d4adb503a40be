/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quell.remediate.index.QuellIndices.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The bodies {@link QuellIndices} installs, as a cluster with data streams and ILM gets them (the
 * embedded test node has neither; its plain-index variant is covered by the integration tests).
 */
class QuellIndicesTest {

  private final QuellIndices indices =
      new QuellIndices(BulkIndexer.client("http://127.0.0.1:9"), "p-", Duration.ofDays(30));

  @Test
  void shouldMakeTheTimelineADataStreamAndEveryTemplateMatchOnlyItsName() {
    JsonNode timeline = indices.indexTemplate(Kind.TIMELINE);

    assertThat(timeline.has("data_stream")).isTrue();
    assertThat(timeline.path("index_patterns").toString()).isEqualTo("[\"p-incident-timeline\"]");
    assertThat(timeline.path("composed_of").toString())
        .isEqualTo("[\"p-settings\",\"p-incident-fields\",\"p-timeline-fields\"]");
    assertThat(timeline.path("priority").asInt()).isEqualTo(200);
    JsonNode incidents = indices.indexTemplate(Kind.INCIDENTS);
    assertThat(incidents.has("data_stream")).isFalse();
    assertThat(incidents.path("index_patterns").toString()).isEqualTo("[\"p-incidents\"]");
    assertThat(indices.indexTemplate(Kind.ACTIONS).path("composed_of").toString())
        .isEqualTo("[\"p-settings\",\"p-action-fields\"]");
  }

  @Test
  void shouldRollTheTimelineOverAndDeleteItAfterTheRetention() {
    JsonNode phases = indices.lifecyclePolicy().path("policy").path("phases");

    assertThat(phases.path("hot").path("actions").path("rollover").path("max_age").asText())
        .isEqualTo("7d");
    assertThat(phases.path("delete").path("min_age").asText()).isEqualTo("30d");
    assertThat(phases.path("delete").path("actions").has("delete")).isTrue();
    assertThat(QuellIndices.timeValue(Duration.ofMinutes(90))).isEqualTo("5400000ms");
  }

  @Test
  void shouldGiveTheTimelineTheIncidentFieldsAndATimestamp() {
    JsonNode timeline = QuellIndices.mappings(Kind.TIMELINE).path("properties");

    assertThat(timeline.path("@timestamp").path("type").asText()).isEqualTo("date");
    assertThat(timeline.path("id").path("type").asText()).isEqualTo("keyword");
    assertThat(QuellIndices.mappings(Kind.INCIDENTS).path("properties").has("@timestamp"))
        .isFalse();
    assertThat(QuellIndices.mappings(Kind.ACTIONS).path("dynamic").asBoolean(true)).isFalse();
  }
}
