/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.TopologyEdge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends logs and metrics through the HTTP intake, as any other producer would, so that a play
 * exercises the intake end to end. The intake has no endpoints for topology edges and ground truth,
 * which are Quell's own control data: those go to a second sink (normally a {@link
 * KafkaEventSink}).
 *
 * <p>Each call posts NDJSON batches of at most {@value #BATCH} records and returns when the intake
 * has answered. A 503 (Kafka unreachable or busy) is retried after its Retry-After, a connection
 * failure after a pause, up to {@value #ATTEMPTS} attempts; any other answer but 200 is a {@link
 * SinkException}, since every simulated record is valid.
 */
public final class HttpEventSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(HttpEventSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final int BATCH = 500;
  static final int ATTEMPTS = 5;
  private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

  private final URI logsUri;
  private final URI metricsUri;
  private final EventSink control;
  private final HttpClient client;

  /**
   * @param intake base URL of the intake, for example {@code http://127.0.0.1:8090}
   * @param control where topology edges and ground truth go; owned and closed by this sink
   */
  public HttpEventSink(URI intake, EventSink control) {
    String base = intake.toString().replaceAll("/+$", "");
    this.logsUri = URI.create(base + "/api/v1/logs");
    this.metricsUri = URI.create(base + "/api/v1/metrics");
    this.control = Objects.requireNonNull(control, "control");
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public void topology(List<TopologyEdge> edges) {
    control.topology(edges);
  }

  @Override
  public void groundTruth(GroundTruth truth) {
    control.groundTruth(truth);
  }

  @Override
  public void logs(List<LogEvent> logs) {
    post(logsUri, logs, HttpEventSink::logJson);
  }

  @Override
  public void metrics(List<MetricPoint> metrics) {
    post(metricsUri, metrics, HttpEventSink::metricJson);
  }

  @Override
  public void flush() {
    control.flush();
  }

  @Override
  public void close() {
    control.close();
  }

  private <T> void post(URI uri, List<T> records, Function<T, ObjectNode> toJson) {
    for (int from = 0; from < records.size(); from += BATCH) {
      List<T> batch = records.subList(from, Math.min(records.size(), from + BATCH));
      ByteArrayOutputStream body = new ByteArrayOutputStream(batch.size() * 200);
      try {
        for (T record : batch) {
          body.write(JSON.writeValueAsBytes(toJson.apply(record)));
          body.write('\n');
        }
      } catch (IOException e) {
        throw new SinkException("Could not write a record as JSON: " + e.getMessage(), e);
      }
      send(uri, body.toByteArray(), batch.size());
    }
  }

  private void send(URI uri, byte[] body, int records) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    for (int attempt = 1; ; attempt++) {
      Duration pause;
      String problem;
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        problem = "HTTP " + response.statusCode() + ": " + response.body().strip();
        if (response.statusCode() != 503) {
          throw new SinkException(
              "The intake at " + uri + " refused " + records + " records: " + problem, null);
        }
        pause =
            response
                .headers()
                .firstValue("Retry-After")
                .map(HttpEventSink::seconds)
                .orElse(Duration.ofSeconds(attempt));
      } catch (IOException e) {
        problem = e.toString();
        pause = Duration.ofSeconds(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkException("Interrupted while posting to " + uri, e);
      }
      if (attempt >= ATTEMPTS) {
        throw new SinkException(
            "The intake at "
                + uri
                + " did not take "
                + records
                + " records after "
                + attempt
                + " attempts; last: "
                + problem,
            null);
      }
      pause = pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
      LOG.warn("Posting to {} failed ({}); retrying in {} s", uri, problem, pause.toSeconds());
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkException("Interrupted while waiting to retry " + uri, e);
      }
    }
  }

  private static Duration seconds(String retryAfter) {
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.strip())));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  /** A log event as the intake takes it. */
  static ObjectNode logJson(LogEvent event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("timestamp", event.getTimestamp().toString());
    node.put("service", event.getService());
    if (event.getHost() != null) {
      node.put("host", event.getHost());
    }
    node.put("level", event.getLevel().name());
    node.put("message", event.getMessage());
    ObjectNode attributes = node.putObject("attributes");
    event.getAttributes().forEach(attributes::put);
    return node;
  }

  /** A metric point as the intake takes it. */
  static ObjectNode metricJson(MetricPoint point) {
    ObjectNode node = JSON.createObjectNode();
    node.put("timestamp", point.getTimestamp().toEpochMilli());
    node.put("name", point.getName());
    ObjectNode labels = node.putObject("labels");
    point.getLabels().forEach(labels::put);
    node.put("value", point.getValue());
    return node;
  }
}
