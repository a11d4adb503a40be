/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The intake's Prometheus metrics, in a registry of its own (so that several intakes in one JVM, as
 * in tests, do not share counters). Label values come from fixed sets (endpoint names, status
 * codes, reason labels), so the number of series is bounded.
 */
final class IntakeMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats = ExpositionFormats.init();

  final Counter requests =
      Counter.builder()
          .name("quell_ingest_requests_total")
          .help("HTTP requests answered, by endpoint and status code.")
          .labelNames("endpoint", "code")
          .register(registry);

  final Counter recordsAccepted =
      Counter.builder()
          .name("quell_ingest_records_accepted_total")
          .help("Records acknowledged by Kafka, by endpoint.")
          .labelNames("endpoint")
          .register(registry);

  final Counter recordsRejected =
      Counter.builder()
          .name("quell_ingest_records_rejected_total")
          .help("Records refused as invalid, by endpoint and reason.")
          .labelNames("endpoint", "reason")
          .register(registry);

  final Counter staleMarkers =
      Counter.builder()
          .name("quell_ingest_stale_markers_total")
          .help(
              "Samples skipped because they only mark a series as stale (Prometheus' stale NaN,"
                  + " OTLP's no-recorded-value flag), by endpoint.")
          .labelNames("endpoint")
          .register(registry);

  final Counter unsupported =
      Counter.builder()
          .name("quell_ingest_unsupported_total")
          .help(
              "Items skipped because the intake does not take their kind (exemplars, native"
                  + " histograms...), by endpoint and kind.")
          .labelNames("endpoint", "kind")
          .register(registry);

  final Counter requestBytes =
      Counter.builder()
          .name("quell_ingest_request_body_bytes_total")
          .help("Bytes of request bodies read, by endpoint.")
          .labelNames("endpoint")
          .unit(Unit.BYTES)
          .register(registry);

  final Counter authRejected =
      Counter.builder()
          .name("quell_ingest_auth_rejected_total")
          .help(
              "Requests refused with 401 for want of an accepted bearer token, by endpoint and"
                  + " reason.")
          .labelNames("endpoint", "reason")
          .register(registry);

  final Histogram duration =
      Histogram.builder()
          .name("quell_ingest_request_duration_seconds")
          .help("Time from request to answer (including Kafka acknowledgements), by endpoint.")
          .labelNames("endpoint")
          .unit(Unit.SECONDS)
          .classicOnly()
          .classicUpperBounds(
              0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
          .register(registry);

  final Counter kafkaErrors =
      Counter.builder()
          .name("quell_ingest_kafka_errors_total")
          .help(
              "Requests whose records Kafka or the schema registry did not take, by endpoint and"
                  + " reason.")
          .labelNames("endpoint", "reason")
          .register(registry);

  final Gauge kafkaReady =
      Gauge.builder()
          .name("quell_ingest_kafka_ready")
          .help("1 when the last readiness probe reached Kafka, else 0.")
          .register(registry);

  IntakeMetrics() {
    JvmMetrics.builder().register(registry);
  }

  /** A scrape in the format the {@code Accept} header asks for (Prometheus text by default). */
  Scrape scrape(String acceptHeader) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(acceptHeader);
    if (!writer.isAvailable()) {
      writer = formats.getPrometheusTextFormatWriter();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    writer.write(out, registry.scrape());
    return new Scrape(writer.getContentType(), out.toByteArray());
  }

  record Scrape(String contentType, byte[] body) {}
}
