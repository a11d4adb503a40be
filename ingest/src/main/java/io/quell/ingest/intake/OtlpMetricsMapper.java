/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.quell.schemas.avro.MetricPoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the data points of an OTLP {@code ExportMetricsServiceRequest} to {@link MetricPoint}s.
 *
 * <ul>
 *   <li>Gauge and sum points: one MetricPoint each, the value as sent ({@code as_int} as a double;
 *       a sum's temporality and monotonicity are not converted).
 *   <li>Histogram and exponential histogram points: {@code <name>_count} and, when the point has a
 *       sum, {@code <name>_sum}; buckets are not taken. Summary points: {@code _count}, {@code
 *       _sum} and one {@code <name>{quantile="q"}} per quantile, as Prometheus shows a summary. A
 *       rate of count and sum gives a mean, which is what anomaly detection needs; buckets would
 *       multiply the series by their number.
 *   <li>Names in Prometheus' alphabet: {@code http.server.duration} becomes {@code
 *       http_server_duration}, and so do label names (see {@link OtlpValues#prometheusName}).
 *   <li>Labels: the point's attributes, plus {@code service} from the resource's {@code
 *       service.name}, {@code job} and {@code instance} from resource attributes of those names,
 *       else {@code instance} from {@code service.instance.id}; a point's own attribute wins.
 *       Labels with an empty value are dropped; more than {@link RecordLimits#maxLabelsPerSeries()}
 *       rejects the point.
 *   <li>Time: {@code time_unix_nano}, else the time the intake received the point.
 *   <li>Points flagged "no recorded value" are OTLP's stale markers: skipped and counted. Exemplars
 *       are counted as unsupported.
 * </ul>
 *
 * <p>Records are the data points, numbered from 0 in request order across resources, scopes and
 * metrics; a histogram or summary point is one record however many MetricPoints it gives.
 */
public final class OtlpMetricsMapper {

  private final RecordLimits limits;
  private final int maxReportedRejections;
  private final Clock clock;

  public OtlpMetricsMapper(RecordLimits limits, int maxReportedRejections, Clock clock) {
    this.limits = limits;
    this.maxReportedRejections = maxReportedRejections;
    this.clock = clock;
  }

  public DecodedBatch<MetricPoint> map(ExportMetricsServiceRequest request) {
    Context context = new Context(new BatchBuilder<>(maxReportedRejections), clock.instant());
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      Map<String, String> resourceLabels =
          resourceLabels(resourceMetrics.getResource().getAttributesList());
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scopeMetrics.getMetricsList()) {
          metric(metric, resourceLabels, context);
        }
      }
    }
    return context.batch.build();
  }

  /** The state of one request: the outcome so far and the next record's index. */
  private static final class Context {
    final BatchBuilder<MetricPoint> batch;
    final Instant received;
    int index;

    Context(BatchBuilder<MetricPoint> batch, Instant received) {
      this.batch = batch;
      this.received = received;
    }
  }

  private static Map<String, String> resourceLabels(List<KeyValue> resource) {
    Map<String, String> labels = new LinkedHashMap<>();
    String service = OtlpValues.attribute(resource, OtlpValues.SERVICE_NAME);
    if (service != null) {
      labels.put("service", service);
    }
    String job = OtlpValues.attribute(resource, "job");
    if (job != null) {
      labels.put("job", job);
    }
    String instance = OtlpValues.attribute(resource, "instance");
    if (instance == null) {
      instance = OtlpValues.attribute(resource, OtlpValues.SERVICE_INSTANCE_ID);
    }
    if (instance != null) {
      labels.put("instance", instance);
    }
    return labels;
  }

  private void metric(Metric metric, Map<String, String> resourceLabels, Context context) {
    String name = OtlpValues.prometheusName(metric.getName(), false);
    switch (metric.getDataCase()) {
      case GAUGE -> {
        for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
          number(name, point, resourceLabels, context);
        }
      }
      case SUM -> {
        for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
          number(name, point, resourceLabels, context);
        }
      }
      case HISTOGRAM -> {
        for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
          List<Sample> samples = new ArrayList<>(2);
          samples.add(new Sample(name + "_count", null, (double) point.getCount()));
          if (point.hasSum()) {
            samples.add(new Sample(name + "_sum", null, point.getSum()));
          }
          point(
              name,
              point.getFlags(),
              point.getTimeUnixNano(),
              point.getAttributesList(),
              point.getExemplarsCount(),
              samples,
              resourceLabels,
              context);
        }
      }
      case EXPONENTIAL_HISTOGRAM -> {
        for (ExponentialHistogramDataPoint point :
            metric.getExponentialHistogram().getDataPointsList()) {
          List<Sample> samples = new ArrayList<>(2);
          samples.add(new Sample(name + "_count", null, (double) point.getCount()));
          if (point.hasSum()) {
            samples.add(new Sample(name + "_sum", null, point.getSum()));
          }
          point(
              name,
              point.getFlags(),
              point.getTimeUnixNano(),
              point.getAttributesList(),
              point.getExemplarsCount(),
              samples,
              resourceLabels,
              context);
        }
      }
      case SUMMARY -> {
        for (SummaryDataPoint point : metric.getSummary().getDataPointsList()) {
          List<Sample> samples = new ArrayList<>(2 + point.getQuantileValuesCount());
          samples.add(new Sample(name + "_count", null, (double) point.getCount()));
          samples.add(new Sample(name + "_sum", null, point.getSum()));
          for (SummaryDataPoint.ValueAtQuantile quantile : point.getQuantileValuesList()) {
            samples.add(
                new Sample(name, Double.toString(quantile.getQuantile()), quantile.getValue()));
          }
          point(
              name,
              point.getFlags(),
              point.getTimeUnixNano(),
              point.getAttributesList(),
              0,
              samples,
              resourceLabels,
              context);
        }
      }
      case DATA_NOT_SET -> context.batch.unsupported("metrics_without_data", 1);
    }
  }

  /** One value a data point gives: a name with its suffix, a quantile or null, the value. */
  private record Sample(String name, String quantile, double value) {}

  private void number(
      String name, NumberDataPoint point, Map<String, String> resourceLabels, Context context) {
    List<Sample> samples;
    switch (point.getValueCase()) {
      case AS_DOUBLE -> samples = List.of(new Sample(name, null, point.getAsDouble()));
      case AS_INT -> samples = List.of(new Sample(name, null, (double) point.getAsInt()));
      default -> samples = null;
    }
    point(
        name,
        point.getFlags(),
        point.getTimeUnixNano(),
        point.getAttributesList(),
        point.getExemplarsCount(),
        samples,
        resourceLabels,
        context);
  }

  /**
   * Takes or rejects one data point giving {@code samples} (null: the point has no value).
   * Everything about the point is checked before any of its samples is taken.
   */
  private void point(
      String name,
      int flags,
      long timeUnixNano,
      List<KeyValue> attributes,
      int exemplars,
      List<Sample> samples,
      Map<String, String> resourceLabels,
      Context context) {
    int index = context.index++;
    BatchBuilder<MetricPoint> batch = context.batch;
    batch.unsupported("exemplars", exemplars);
    if ((flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0) {
      batch.staleMarker();
      return;
    }
    if (name.isEmpty()) {
      batch.reject(new Rejection(index, "name", Rejection.Reason.MISSING_FIELD, "is required"));
      return;
    }
    if (samples == null) {
      batch.reject(
          new Rejection(
              index,
              "value",
              Rejection.Reason.MISSING_FIELD,
              "metric " + name + ": the data point has neither asDouble nor asInt"));
      return;
    }
    Map<String, String> labels = new LinkedHashMap<>(resourceLabels);
    for (KeyValue attribute : attributes) {
      labels.put(
          OtlpValues.prometheusName(attribute.getKey(), true),
          OtlpValues.text(attribute.getValue()));
    }
    labels.values().removeIf(String::isEmpty);
    boolean quantiles = samples.stream().anyMatch(sample -> sample.quantile() != null);
    try {
      limits.checkSeries("attributes", name, labels, quantiles ? 1 : 0);
    } catch (InvalidRecordException e) {
      batch.reject(
          new Rejection(index, e.field(), e.reason(), "metric " + name + ": " + e.getMessage()));
      return;
    }
    Instant time = OtlpValues.instantOfNanos(timeUnixNano);
    for (Sample sample : samples) {
      Map<String, String> sampleLabels = labels;
      if (sample.quantile() != null) {
        sampleLabels = new LinkedHashMap<>(labels);
        sampleLabels.put("quantile", sample.quantile());
      }
      batch.accept(
          MetricPoint.newBuilder()
              .setTimestamp(time == null ? context.received : time)
              .setName(sample.name())
              .setLabels(sampleLabels)
              .setValue(sample.value())
              .build());
    }
  }
}
