/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.remediate.testing.Incidents;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the incident holds, the payload is JSON with the same fields and the values as sent. */
class IncidentPayloadsPropertyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 300)
  void hostileValuesNeverAddOrChangeFields(
      @ForAll("hostile") String title,
      @ForAll("hostile") String labelName,
      @ForAll("hostile") String labelValue,
      @ForAll("hostile") String service)
      throws Exception {
    Incident incident =
        Incidents.version("inc-" + title.hashCode(), 3, Severity.CRITICAL)
            .setTitle(title)
            .setServices(List.of(service))
            .setLabels(Map.of(labelName, labelValue))
            .build();

    JsonNode payload =
        JSON.readTree(
            new IncidentPayloads("quell-incidents")
                .render(incident, "incident.critical", "rule/0/abc", "rule"));

    assertThat(fieldNames(payload))
        .containsExactly("schemaVersion", "event", "actionId", "rule", "incident", "links");
    assertThat(fieldNames(payload.path("incident")))
        .containsExactly(
            "id",
            "version",
            "status",
            "title",
            "severity",
            "services",
            "rootCauses",
            "memberCount",
            "firstSeen",
            "lastSeen",
            "labels");
    assertThat(payload.path("incident").path("title").asText()).isEqualTo(title);
    assertThat(payload.path("incident").path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(payload.path("incident").path("services").size()).isEqualTo(1);
    assertThat(payload.path("incident").path("services").get(0).asText()).isEqualTo(service);
    assertThat(fieldNames(payload.path("incident").path("labels"))).containsExactly(labelName);
    assertThat(payload.path("incident").path("labels").path(labelName).asText())
        .isEqualTo(labelValue);
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withCharRange('\u0000', '\uD7FF')
            .withCharRange('\uE000', '\uFFFD')
            .ofMaxLength(40),
        Arbitraries.of(
            "\",\"severity\":\"INFO",
            "\"}, \"links\": {\"elasticsearch\": {\"index\": \"evil\"}}, \"x\": {\"",
            "\\\\\\\"",
            "</script><script>alert(1)</script>",
            "\u0000\u001f\u2028\ud83d\ude00",
            "severity"));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
