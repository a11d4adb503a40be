/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import static io.quell.ingest.intake.OtlpLogsMapperTest.attribute;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.quell.schemas.avro.MetricPoint;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpMetricsMapperTest {

  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  private static final long T0_NANOS = T0.toEpochMilli() * 1_000_000;

  private final OtlpMetricsMapper mapper =
      new OtlpMetricsMapper(new RecordLimits(4, 1024), 10, Clock.fixed(NOW, ZoneOffset.UTC));

  private static ExportMetricsServiceRequest request(List<KeyValue> resource, Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resource))
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
        .build();
  }

  private static final List<KeyValue> RESOURCE =
      List.of(
          attribute("service.name", "cart"),
          attribute("service.instance.id", "cart-1"),
          attribute("host.name", "node-3"));

  private static NumberDataPoint.Builder point(double value, KeyValue... attributes) {
    return NumberDataPoint.newBuilder()
        .setTimeUnixNano(T0_NANOS)
        .setAsDouble(value)
        .addAllAttributes(List.of(attributes));
  }

  private static MetricPoint metric(String name, Map<String, String> labels, double value) {
    return MetricPoint.newBuilder()
        .setTimestamp(T0)
        .setName(name)
        .setLabels(labels)
        .setValue(value)
        .build();
  }

  @Test
  void shouldMapGaugeAndSumPointsWithPrometheusNamesAndResourceLabels() {
    Metric gauge =
        Metric.newBuilder()
            .setName("process.cpu.utilization")
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(point(0.42, attribute("cpu.state", "user")))
                    .addDataPoints(
                        NumberDataPoint.newBuilder().setTimeUnixNano(T0_NANOS).setAsInt(3)))
            .build();
    Metric sum =
        Metric.newBuilder()
            .setName("http.server.requests")
            .setSum(
                Sum.newBuilder()
                    .setIsMonotonic(true)
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(
                        point(
                            17,
                            attribute("http.response.status_code", "500"),
                            attribute("service", "cart-override"),
                            attribute("empty", ""))))
            .build();

    DecodedBatch<MetricPoint> decoded = mapper.map(request(RESOURCE, gauge, sum));

    Map<String, String> resource = Map.of("service", "cart", "instance", "cart-1");
    assertThat(decoded.batch().accepted())
        .containsExactly(
            metric(
                "process_cpu_utilization",
                Map.of("service", "cart", "instance", "cart-1", "cpu_state", "user"),
                0.42),
            metric("process_cpu_utilization", resource, 3),
            metric(
                "http_server_requests",
                Map.of(
                    "service",
                    "cart-override",
                    "instance",
                    "cart-1",
                    "http_response_status_code",
                    "500"),
                17));
  }

  @Test
  void shouldMapHistogramsAndSummariesToCountSumAndQuantiles() {
    Metric histogram =
        Metric.newBuilder()
            .setName("rpc.duration")
            .setHistogram(
                Histogram.newBuilder()
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .setTimeUnixNano(T0_NANOS)
                            .setCount(10)
                            .setSum(2.5)
                            .addBucketCounts(10)
                            .addExemplars(Exemplar.newBuilder().setAsDouble(0.3)))
                    .addDataPoints(
                        HistogramDataPoint.newBuilder().setTimeUnixNano(T0_NANOS).setCount(4)))
            .build();
    Metric summary =
        Metric.newBuilder()
            .setName("gc_pause")
            .setSummary(
                Summary.newBuilder()
                    .addDataPoints(
                        SummaryDataPoint.newBuilder()
                            .setTimeUnixNano(T0_NANOS)
                            .setCount(3)
                            .setSum(0.9)
                            .addQuantileValues(
                                SummaryDataPoint.ValueAtQuantile.newBuilder()
                                    .setQuantile(0.99)
                                    .setValue(0.5))))
            .build();

    DecodedBatch<MetricPoint> decoded = mapper.map(request(List.of(), histogram, summary));

    assertThat(decoded.batch().accepted())
        .containsExactly(
            metric("rpc_duration_count", Map.of(), 10),
            metric("rpc_duration_sum", Map.of(), 2.5),
            metric("rpc_duration_count", Map.of(), 4),
            metric("gc_pause_count", Map.of(), 3),
            metric("gc_pause_sum", Map.of(), 0.9),
            metric("gc_pause", Map.of("quantile", "0.99"), 0.5));
    assertThat(decoded.unsupported()).isEqualTo(Map.of("exemplars", 1));
    assertThat(decoded.batch().total()).isEqualTo(6);
  }

  @Test
  void shouldSkipPointsWithoutARecordedValueAndRejectPointsWithoutAValueOrWithTooManyLabels() {
    Metric gauge =
        Metric.newBuilder()
            .setName("queue.depth")
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(point(1).setFlags(1))
                    .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T0_NANOS))
                    .addDataPoints(
                        point(2, attribute("a", "1"), attribute("b", "2"), attribute("c", "3")))
                    .addDataPoints(point(3).setTimeUnixNano(0)))
            .build();

    DecodedBatch<MetricPoint> decoded = mapper.map(request(RESOURCE, gauge));

    assertThat(decoded.staleMarkers()).isEqualTo(1);
    assertThat(decoded.batch().accepted())
        .containsExactly(
            MetricPoint.newBuilder()
                .setTimestamp(NOW)
                .setName("queue_depth")
                .setLabels(Map.of("service", "cart", "instance", "cart-1"))
                .setValue(3)
                .build());
    assertThat(decoded.batch().rejections())
        .extracting(Rejection::index, Rejection::field, Rejection::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "value", Rejection.Reason.MISSING_FIELD),
            org.assertj.core.groups.Tuple.tuple(2, "attributes", Rejection.Reason.TOO_MANY_LABELS));
  }

  @Test
  void shouldWriteNamesInThePrometheusAlphabet() {
    assertThat(OtlpValues.prometheusName("http.server.request.duration", false))
        .isEqualTo("http_server_request_duration");
    assertThat(OtlpValues.prometheusName("ns:ratio", false)).isEqualTo("ns:ratio");
    assertThat(OtlpValues.prometheusName("ns:ratio", true)).isEqualTo("ns_ratio");
    assertThat(OtlpValues.prometheusName("2xx-rate", false)).isEqualTo("_2xx_rate");
    assertThat(OtlpValues.text(AnyValue.newBuilder().setDoubleValue(0.5).build())).isEqualTo("0.5");
  }
}
