/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.testing.SampleRecords;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordKeysTest {

  @Test
  void shouldWriteSeriesIdInPrometheusNotationWithLabelsSortedByName() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("service", "cart");
    labels.put("code", "500");

    assertThat(RecordKeys.seriesId("http_requests_total", labels))
        .isEqualTo("http_requests_total{code=\"500\",service=\"cart\"}");
  }

  @Test
  void shouldGiveSameSeriesIdWhateverTheLabelOrder() {
    Map<String, String> forward = new LinkedHashMap<>();
    Map<String, String> backward = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      forward.put("label" + i, "v" + i);
    }
    for (int i = 19; i >= 0; i--) {
      backward.put("label" + i, "v" + i);
    }

    assertThat(RecordKeys.seriesId("m", forward)).isEqualTo(RecordKeys.seriesId("m", backward));
  }

  @Test
  void shouldUseBareNameForSeriesWithoutLabels() {
    assertThat(RecordKeys.seriesId("up", Map.of())).isEqualTo("up");
  }

  @Test
  void shouldTreatEmptyLabelValueAsAbsentLabel() {
    Map<String, String> withEmpty = new HashMap<>();
    withEmpty.put("job", "api");
    withEmpty.put("instance", "");

    assertThat(RecordKeys.seriesId("up", withEmpty))
        .isEqualTo(RecordKeys.seriesId("up", Map.of("job", "api")));
  }

  @Test
  void shouldKeepSeriesApartWhenValuesContainStructureCharacters() {
    String crafted = RecordKeys.seriesId("m", Map.of("a", "x\",b=\"y"));
    String honest = RecordKeys.seriesId("m", Map.of("a", "x", "b", "y"));

    assertThat(crafted).isNotEqualTo(honest);
    assertThat(crafted).isEqualTo("m{a=\"x\\\",b=\\\"y\"}");
  }

  @Test
  void shouldKeepSeriesApartWhenNamesContainStructureCharacters() {
    String crafted = RecordKeys.seriesId("m", Map.of("a=\"x\",b", "y"));
    String honest = RecordKeys.seriesId("m", Map.of("a", "x", "b", "y"));
    String bracedName = RecordKeys.seriesId("m{a=\"x\"}", Map.of());
    String labelled = RecordKeys.seriesId("m", Map.of("a", "x"));

    assertThat(crafted).isNotEqualTo(honest);
    assertThat(bracedName).isNotEqualTo(labelled);
  }

  @Test
  void shouldEscapeNewlinesAndBackslashes() {
    assertThat(RecordKeys.seriesId("m", Map.of("path", "C:\\tmp\nx")))
        .isEqualTo("m{path=\"C:\\\\tmp\\nx\"}");
  }

  @Test
  void shouldKeySeriesOfMetricPoint() {
    assertThat(RecordKeys.seriesId(SampleRecords.metricPoint()))
        .isEqualTo("http_requests_total{code=\"500\",service=\"checkout\"}");
  }

  @Test
  void shouldKeyTopologyEdgesAsCallerArrowCallee() {
    assertThat(RecordKeys.topologyEdge(SampleRecords.topologyEdge()))
        .isEqualTo("checkout->payments");
  }

  @Test
  void shouldKeyTemplatesByServiceAndTemplateId() {
    assertThat(RecordKeys.template(SampleRecords.logTemplate())).isEqualTo("checkout/t-17");
  }
}
