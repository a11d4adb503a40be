/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.ingest.KafkaTopicReader;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.Ports;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager (the Debian package {@code prometheus-alertmanager}, which {@code .ci/run}
 * installs) notifying the intake through its webhook receiver, with a bearer token: the alerts it
 * was given arrive in quell.alerts with its fingerprints, labels, annotations and times, and so
 * does their resolution.
 */
@ExtendWith(QuellStackExtension.class)
class RealAlertmanagerTest {
  private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  private static final String TOKEN = "alertmanager-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void shouldPublishWhatARealAlertmanagerNotifiesWithItsFingerprintsAndTheResolution(
      QuellStack stack, @TempDir Path dir) throws Exception {
    assumeTrue(
        Files.isExecutable(BINARY),
        BINARY + " is not installed (Debian package prometheus-alertmanager; .ci/run installs it)");
    Map<String, Object> config = QuellTestTopics.create(stack, "real-alertmanager").config();
    config.put("quell.ingest.port", 0);
    config.put("quell.ingest.auth.tokens", TOKEN);
    try (IntakeServer intake = new IntakeServer(config)) {
      intake.start();
      int port = Ports.free();
      URI alertmanager = URI.create("http://127.0.0.1:" + port);
      Process process = startAlertmanager(dir, port, intake.uri());
      try {
        awaitReady(alertmanager, process, dir);
        Instant started =
            Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        post(
            alertmanager,
            "["
                + alert("CheckoutLatencyHigh", "checkout-api", "critical", started, null)
                + ","
                + alert("CartErrorsHigh", "cart", "warning", started, null)
                + "]");

        List<ConsumerRecord<String, Alert>> firing =
            KafkaTopicReader.read(
                config, QuellTopic.ALERTS, 2, Duration.ofSeconds(60), Duration.ofMillis(500));
        Map<String, String> fingerprints = fingerprintsByName(alertmanager);
        assertThat(firing).hasSize(2);
        assertThat(firing)
            .extracting(ConsumerRecord::key)
            .containsExactlyInAnyOrderElementsOf(fingerprints.values());
        Alert checkout = byName(firing, "CheckoutLatencyHigh");
        assertThat(checkout.getFingerprint()).isEqualTo(fingerprints.get("CheckoutLatencyHigh"));
        assertThat(checkout.getSource()).isEqualTo("alertmanager");
        assertThat(checkout.getStatus()).isEqualTo(AlertStatus.FIRING);
        assertThat(checkout.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(checkout.getService()).isEqualTo("checkout-api");
        assertThat(checkout.getStartsAt()).isEqualTo(started);
        assertThat(checkout.getLabels()).containsEntry("team", "payments");
        assertThat(checkout.getAnnotations())
            .containsEntry("summary", "CheckoutLatencyHigh on checkout-api");
        assertThat(byName(firing, "CartErrorsHigh").getSeverity()).isEqualTo(Severity.WARNING);

        // Resolving: the same alert with an end in the past.
        Instant ended = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        post(
            alertmanager,
            "[" + alert("CheckoutLatencyHigh", "checkout-api", "critical", started, ended) + "]");
        List<ConsumerRecord<String, Alert>> all =
            KafkaTopicReader.read(
                config, QuellTopic.ALERTS, 3, Duration.ofSeconds(60), Duration.ofMillis(500));
        List<Alert> resolved =
            all.stream()
                .map(ConsumerRecord::value)
                .filter(a -> a.getStatus() == AlertStatus.RESOLVED)
                .toList();
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).getFingerprint()).isEqualTo(checkout.getFingerprint());
        assertThat(resolved.get(0).getEndsAt()).isEqualTo(ended);
      } finally {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  private static Process startAlertmanager(Path dir, int port, URI intake) throws IOException {
    Path configFile = dir.resolve("alertmanager.yml");
    Files.writeString(
        configFile,
        """
        route:
          receiver: quell
          group_by: [alertname]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: quell
            webhook_configs:
              - url: %s
                send_resolved: true
                http_config:
                  authorization:
                    credentials: %s
        """
            .formatted(intake.resolve("/api/v1/alertmanager"), TOKEN));
    return new ProcessBuilder(
            BINARY.toString(),
            "--config.file=" + configFile,
            "--storage.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            // One instance: no gossip port.
            "--cluster.listen-address=")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("alertmanager.log").toFile())
        .start();
  }

  private static void awaitReady(URI alertmanager, Process process, Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Alertmanager exited: " + Files.readString(dir.resolve("alertmanager.log")));
      }
      try {
        HttpResponse<String> ready =
            HTTP.send(
                HttpRequest.newBuilder(alertmanager.resolve("/-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Alertmanager not ready in 30 s: " + Files.readString(dir.resolve("alertmanager.log")));
  }

  private static String alert(
      String name, String service, String severity, Instant startsAt, Instant endsAt) {
    Map<String, Object> alert = new HashMap<>();
    alert.put(
        "labels",
        Map.of("alertname", name, "service", service, "severity", severity, "team", "payments"));
    alert.put("annotations", Map.of("summary", name + " on " + service));
    alert.put("startsAt", startsAt.toString());
    if (endsAt != null) {
      alert.put("endsAt", endsAt.toString());
    }
    alert.put("generatorURL", "http://prometheus.example:9090/graph");
    try {
      return JSON.writeValueAsString(alert);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void post(URI alertmanager, String alerts) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(alertmanager.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alerts))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /** Alertmanager's own fingerprint of each alert it holds, by alert name. */
  private static Map<String, String> fingerprintsByName(URI alertmanager) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(alertmanager.resolve("/api/v2/alerts")).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode alerts = JSON.readTree(response.body());
    Map<String, String> byName = new HashMap<>();
    for (JsonNode alert : alerts) {
      byName.put(
          alert.path("labels").path("alertname").asText(), alert.path("fingerprint").asText());
    }
    return byName;
  }

  private static Alert byName(List<ConsumerRecord<String, Alert>> records, String name) {
    List<Alert> matching =
        records.stream()
            .map(ConsumerRecord::value)
            .filter(a -> a.getName().equals(name))
            .collect(Collectors.toList());
    assertThat(matching).as(name).hasSize(1);
    return matching.get(0);
  }
}
