/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.deploy.demo.DemoRun;
import io.quell.deploy.demo.WebhookReceiver;
import io.quell.ingest.simulator.GroundTruth;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo scenario through the whole pipeline on the real stack — intake, detect, correlate,
 * remediation, Elasticsearch, a webhook receiver — with the remediation service restarted in the
 * middle of the run.
 */
@ExtendWith(QuellStackExtension.class)
class EndToEndTest {
  private static final Logger LOG = LoggerFactory.getLogger(EndToEndTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldTurnTheInjectedFaultIntoOneIncidentInElasticsearchAndOneWebhookDespiteARestart(
      QuellStack stack) throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "e2e");
    Map<String, Object> config = topics.config();
    config.put("elasticsearch.url", stack.elasticsearchUrl());
    String prefix = "e2e-" + ProcessHandle.current().pid() + "-";
    config.put("quell.remediate.elasticsearch.index.prefix", prefix);
    config.put("quell.remediate.application.id", prefix + "remediate");
    config.put("quell.detect.group.id", prefix + "detect");
    config.put("quell.correlate.group.id", prefix + "correlate");

    StringWriter transcript = new StringWriter();
    DemoRun.Result result;
    try (PrintWriter out = new PrintWriter(transcript)) {
      result =
          DemoRun.play(
              config,
              Path.of("target", "e2e-work"),
              new DemoRun.Options(7, 30, true, Duration.ofSeconds(90), true),
              out);
    } finally {
      LOG.info("demo transcript:\n{}", transcript);
    }

    assertThat(result.groundTruth()).hasSize(1);
    GroundTruth fault = result.groundTruth().get(0);
    assertThat(transcript.toString()).contains("restarting the remediation service mid-run");
    // The restart came while the incident was still changing: later versions reached the new
    // instance, which must not send the step again.
    assertThat(result.incidents().get(0).getVersion()).isGreaterThan(1);

    // Exactly one incident, and it is the injected fault's.
    assertThat(result.incidents()).as("incidents").hasSize(1);
    Incident incident = result.incidents().get(0);
    assertThat(incident.getServices()).contains(fault.rootService());
    assertThat(fault.affectedServices()).containsAll(incident.getServices());
    assertThat(incident.getAlerts()).as("member alerts").hasSizeGreaterThanOrEqualTo(2);
    for (MemberAlert member : incident.getAlerts()) {
      assertThat(fault.affectedServices()).contains(member.getService());
    }
    assertThat(incident.getRootCauses()).isNotEmpty();
    assertThat(incident.getRootCauses().get(0).getService()).isEqualTo(fault.rootService());

    // In Elasticsearch at its newest version, with its members and root cause.
    assertThat(result.indexed()).containsEntry(incident.getId(), incident.getVersion());
    JsonNode doc = document(result.elasticsearchUrl(), result.incidentsIndex(), incident.getId());
    assertThat(doc.path("memberCount").asInt()).isEqualTo(incident.getAlerts().size());
    assertThat(doc.path("topRootCause").asText()).isEqualTo(fault.rootService());

    // Exactly one signed webhook call for it, across the restart.
    List<WebhookReceiver.Call> calls = result.webhookCalls();
    assertThat(calls).as("webhook calls").hasSize(1);
    assertThat(calls.get(0).signatureValid()).isTrue();
    assertThat(calls.get(0).idempotencyKey()).isNotBlank();
    assertThat(calls.get(0).body()).contains(incident.getId());
  }

  private static JsonNode document(String esUrl, String index, String id) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(esUrl + "/" + index + "/_doc/" + id))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body()).path("_source");
  }
}
