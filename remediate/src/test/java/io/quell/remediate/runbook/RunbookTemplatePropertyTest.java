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
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Severity;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the incident holds, every step kind renders a body with exactly the template's fields
 * and the values as they were, and a URL with the template's host and path segments.
 */
class RunbookTemplatePropertyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<RunbookRule> RULES =
      RunbookFile.parse(
          """
          - name: every-kind
            steps:
              - {name: hook, kind: webhook, url: "https://h.test/q", resolve: true}
              - {name: chat, kind: slack, url: "https://h.test/s", text: "{{incident.title}} / {{incident.labels.team}}"}
              - {name: pd, kind: pagerduty, routingKey: RK, url: "https://h.test/pd"}
              - {name: ticket, kind: jira, url: "https://h.test/jira", project: OPS}
              - name: scale
                kind: http
                url: "https://h.test:6443/apis/apps/v1/namespaces/{{incident.labels.team}}/deployments/{{incident.rootCause}}/scale?dry={{incident.title}}"
                body: {spec: {replicas: 3}, note: "{{incident.title}}", labels: "{{incident.labels}}"}
          """,
          new RunbookFile.Defaults(3, null));

  @Property(tries = 200)
  void hostileIncidentValuesNeverChangeTheShapeOfARequest(
      @ForAll("hostile") String title,
      @ForAll("hostile") String team,
      @ForAll("hostile") String rootCause)
      throws Exception {
    Incident incident =
        Incidents.version("inc-1", 2, Severity.CRITICAL)
            .setTitle(title)
            .setLabels(Map.of("team", team, "env", "prod"))
            .setRootCauses(
                List.of(
                    RootCauseCandidate.newBuilder()
                        .setRank(1)
                        .setService(rootCause)
                        .setScore(1)
                        .setEvidence("e")
                        .build()))
            .build();
    RunbookRule rule = RULES.get(0);
    List<RemediationAction> actions = new ArrayList<>();
    for (int i = 0; i < rule.steps().size(); i++) {
      actions.add(rule.steps().get(i).plan(incident, rule.name(), i, 1));
      rule.steps().get(i).planResolve(incident, rule.name(), i, 1).ifPresent(actions::add);
    }
    Incident benign = Incidents.version("inc-1", 2, Severity.CRITICAL).build();
    List<RemediationAction> reference = new ArrayList<>();
    for (int i = 0; i < rule.steps().size(); i++) {
      reference.add(rule.steps().get(i).plan(benign, rule.name(), i, 1));
      rule.steps().get(i).planResolve(benign, rule.name(), i, 1).ifPresent(reference::add);
    }

    assertThat(actions).hasSameSizeAs(reference);
    for (int i = 0; i < actions.size(); i++) {
      JsonNode body = JSON.readTree(actions.get(i).getPayload());
      JsonNode expectedShape = JSON.readTree(reference.get(i).getPayload());
      assertThat(shape(body)).isEqualTo(shape(expectedShape));
      URI url = URI.create(actions.get(i).getTargetUrl());
      URI expectedUrl = URI.create(reference.get(i).getTargetUrl());
      assertThat(url.getHost()).isEqualTo(expectedUrl.getHost());
      assertThat(url.getPort()).isEqualTo(expectedUrl.getPort());
      assertThat(url.getRawPath().split("/", -1))
          .hasSameSizeAs(expectedUrl.getRawPath().split("/", -1));
      assertThat(url.getRawQuery() == null ? 0 : url.getRawQuery().split("&").length)
          .isEqualTo(expectedUrl.getRawQuery() == null ? 0 : 1);
    }
    JsonNode slack = JSON.readTree(actions.get(2).getPayload());
    assertThat(slack.path("text").asText()).isEqualTo(title + " / " + team);
    JsonNode scale = JSON.readTree(actions.get(actions.size() - 1).getPayload());
    assertThat(scale.path("note").asText()).isEqualTo(title);
    assertThat(scale.path("labels").path("team").asText()).isEqualTo(team);
    assertThat(URI.create(actions.get(actions.size() - 1).getTargetUrl()).getPath())
        .isEqualTo("/apis/apps/v1/namespaces/" + team + "/deployments/" + rootCause + "/scale");
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withCharRange('\u0000', '\uD7FF')
            .withCharRange('\uE000', '\uFFFD')
            .ofMaxLength(30),
        Arbitraries.of(
            "\",\"event_action\":\"resolve",
            "\"}, \"routing_key\": \"evil\", \"x\": {\"",
            "../../../api/v1/secrets",
            "a/b?c=d&e=f#g",
            "@evil.example.org:80",
            "{{actionId}}",
            "\\\\\\\"",
            "\u0000\u001f\u2028\ud83d\ude00"));
  }

  /** The field names and value types of a tree, values left out. */
  private static String shape(JsonNode node) {
    if (node.isObject()) {
      StringBuilder out = new StringBuilder("{");
      node.fields()
          .forEachRemaining(
              field ->
                  out.append(field.getKey())
                      .append(':')
                      .append(shape(field.getValue()))
                      .append(','));
      return out.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder out = new StringBuilder("[");
      node.forEach(item -> out.append(shape(item)).append(','));
      return out.append(']').toString();
    }
    return node.getNodeType().name();
  }
}
