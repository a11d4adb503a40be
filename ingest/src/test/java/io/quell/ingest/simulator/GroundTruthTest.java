/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

  private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

  @Test
  void shouldRoundTripThroughJson() {
    GroundTruth truth = Scenario.demo(3).groundTruth(START).get(0);

    assertThat(GroundTruth.fromJson(truth.toJson())).isEqualTo(truth);
  }

  @Test
  void shouldWriteReadableFieldsWithIsoTimes() throws Exception {
    GroundTruth truth = Scenario.demo(3).groundTruth(START).get(0);

    JsonNode json = new ObjectMapper().readTree(truth.toJson());

    assertThat(json.get("id").asText()).isEqualTo("fault-1");
    assertThat(json.get("kind").asText()).isEqualTo("slowdown");
    assertThat(json.get("rootService").asText()).isEqualTo(truth.rootService());
    assertThat(json.get("start").asText()).isEqualTo("2026-03-01T08:06:00Z");
    assertThat(json.get("end").asText()).isEqualTo("2026-03-01T08:11:00Z");
    assertThat(json.get("affectedServices")).hasSize(truth.affectedServices().size());
    assertThat(json.get("impacts").get(0).get("hops").asInt()).isZero();
    assertThat(json.get("description").asText()).contains(truth.rootService());
  }
}
