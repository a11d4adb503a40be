/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.quell.ingest.KafkaTopicReader;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus server (Debian's {@code prometheus} package; CI installs it) scrapes a small
 * target and remote-writes what it scraped to the intake, behind a bearer token.
 */
@ExtendWith(QuellStackExtension.class)
class PrometheusRemoteWriteTest {

  private static final String TARGET_METRICS =
      """
      # HELP quell_test_requests_total Requests served.
      # TYPE quell_test_requests_total counter
      quell_test_requests_total{code="200",path="/cart"} 42
      quell_test_requests_total{code="500",path="/cart"} 3
      # HELP quell_test_temperature_celsius A gauge.
      # TYPE quell_test_temperature_celsius gauge
      quell_test_temperature_celsius 21.5
      """;

  @TempDir Path dir;

  private Process prometheus;
  private HttpServer target;
  private IntakeServer intake;

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(15, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (target != null) {
      target.stop(0);
    }
    if (intake != null) {
      intake.close();
    }
  }

  private static Path prometheusBinary() {
    for (String candidate : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
      Path path = Path.of(candidate);
      if (Files.isExecutable(path)) {
        return path;
      }
    }
    return null;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shouldReceiveWhatTheRealPrometheusScrapedThroughRemoteWrite(QuellStack stack)
      throws Exception {
    Path binary = prometheusBinary();
    Assumptions.assumeTrue(
        binary != null,
        "The prometheus binary is not installed (apt-get install prometheus; .ci/run does)");

    Map<String, Object> config = QuellTestTopics.create(stack, "prometheus-rw").config();
    config.put("quell.ingest.port", 0);
    config.put("quell.ingest.auth.tokens", "prometheus-token");
    intake = new IntakeServer(config);
    intake.start();

    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/metrics",
        exchange -> {
          byte[] body = TARGET_METRICS.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    target.start();
    String targetAddress = "127.0.0.1:" + target.getAddress().getPort();

    Path configFile =
        Files.writeString(
            dir.resolve("prometheus.yml"),
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: quell-test
                static_configs:
                  - targets: ['%s']
            remote_write:
              - url: %s/api/v1/prometheus/write
                authorization:
                  credentials: prometheus-token
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 100ms
                  max_backoff: 1s
                metadata_config:
                  send_interval: 2s
            """
                .formatted(targetAddress, intake.uri()));
    Path log = dir.resolve("prometheus.log");
    Instant started = Instant.now();
    prometheus =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + freePort(),
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();

    // Two scrapes' worth: the three target series plus Prometheus' own up and scrape_* series.
    List<ConsumerRecord<String, MetricPoint>> records =
        KafkaTopicReader.read(
            config, QuellTopic.METRICS, 16, Duration.ofSeconds(90), Duration.ofMillis(500));

    assertThat(records)
        .as("records from Prometheus; its log:\n%s", Files.readString(log))
        .hasSizeGreaterThanOrEqualTo(16);
    Map<String, String> job = Map.of("job", "quell-test", "instance", targetAddress);
    assertThat(records)
        .extracting(ConsumerRecord::value)
        .anySatisfy(
            point -> {
              assertThat(point.getName()).isEqualTo("quell_test_temperature_celsius");
              assertThat(point.getLabels()).isEqualTo(job);
              assertThat(point.getValue()).isEqualTo(21.5);
              assertThat(point.getTimestamp()).isBetween(started.minusSeconds(5), Instant.now());
            })
        .anySatisfy(
            point -> {
              assertThat(point.getName()).isEqualTo("quell_test_requests_total");
              assertThat(point.getLabels())
                  .containsAllEntriesOf(job)
                  .containsEntry("code", "500")
                  .containsEntry("path", "/cart");
              assertThat(point.getValue()).isEqualTo(3);
            })
        .anySatisfy(
            point -> {
              assertThat(point.getName()).isEqualTo("up");
              assertThat(point.getLabels()).isEqualTo(job);
              assertThat(point.getValue()).isEqualTo(1);
            });
    assertThat(records)
        .filteredOn(r -> r.value().getName().equals("quell_test_requests_total"))
        .extracting(ConsumerRecord::key)
        .contains(
            "quell_test_requests_total{code=\"200\",instance=\""
                + targetAddress
                + "\",job=\"quell-test\",path=\"/cart\"}");
    String scrape = RemoteWriteIntakeTest.get(intake.uri(), "/metrics");
    assertThat(
            RemoteWriteIntakeTest.value(
                scrape, "quell_ingest_requests_total{code=\"200\",endpoint=\"remote_write\"}"))
        .isPositive();
    assertThat(scrape).doesNotContain("endpoint=\"remote_write\",reason=");
    assertThat(scrape).doesNotContainPattern("code=\"4\\d\\d\",endpoint=\"remote_write\"");
  }
}
