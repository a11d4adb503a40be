/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.flink.RawKafkaRecord;
import io.quell.schemas.registry.SchemaRegistryOptions;
import java.util.Objects;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the detect job reads: metric points and log events, either as records (tests, replays) or as
 * raw Kafka records that the job decodes itself, sending what it cannot decode to the dead letters.
 * Either input may be absent; event time is assigned by the job, from the events.
 */
public final class DetectSources {
  private final DataStream<MetricPoint> metrics;
  private final DataStream<LogEvent> logs;
  private final DataStream<RawKafkaRecord> rawMetrics;
  private final DataStream<RawKafkaRecord> rawLogs;
  private final SchemaRegistryOptions registry;
  private final boolean watermarked;

  private DetectSources(
      DataStream<MetricPoint> metrics,
      DataStream<LogEvent> logs,
      DataStream<RawKafkaRecord> rawMetrics,
      DataStream<RawKafkaRecord> rawLogs,
      SchemaRegistryOptions registry,
      boolean watermarked) {
    this.metrics = metrics;
    this.logs = logs;
    this.rawMetrics = rawMetrics;
    this.rawLogs = rawLogs;
    this.registry = registry;
    this.watermarked = watermarked;
  }

  /**
   * Decoded inputs.
   *
   * @param metrics metric points, or null for none
   * @param logs log events, or null for none
   */
  public static DetectSources ofRecords(
      DataStream<MetricPoint> metrics, DataStream<LogEvent> logs) {
    if (metrics == null && logs == null) {
      throw new IllegalArgumentException("the detect job needs metrics, logs or both");
    }
    return new DetectSources(metrics, logs, null, null, null, false);
  }

  /**
   * Raw Kafka records of quell.metrics and quell.logs, decoded by the job with {@code registry}.
   *
   * @param metrics records of quell.metrics, or null for none
   * @param logs records of quell.logs, or null for none
   */
  public static DetectSources ofRaw(
      DataStream<RawKafkaRecord> metrics,
      DataStream<RawKafkaRecord> logs,
      SchemaRegistryOptions registry) {
    if (metrics == null && logs == null) {
      throw new IllegalArgumentException("the detect job needs metrics, logs or both");
    }
    return new DetectSources(
        null, null, metrics, logs, Objects.requireNonNull(registry, "registry"), false);
  }

  /**
   * Raw Kafka records as {@link #ofRaw}, whose sources already make event-time watermarks (per
   * partition, {@link io.quell.schemas.flink.WireFormatEventTime}): the job keeps them instead of
   * making its own after decoding.
   */
  public static DetectSources ofWatermarkedRaw(
      DataStream<RawKafkaRecord> metrics,
      DataStream<RawKafkaRecord> logs,
      SchemaRegistryOptions registry) {
    if (metrics == null && logs == null) {
      throw new IllegalArgumentException("the detect job needs metrics, logs or both");
    }
    return new DetectSources(
        null, null, metrics, logs, Objects.requireNonNull(registry, "registry"), true);
  }

  /** Whether the sources carry event-time watermarks already. */
  public boolean isWatermarked() {
    return watermarked;
  }

  /** Whether the job must decode the inputs (and may produce dead letters). */
  public boolean isRaw() {
    return registry != null;
  }

  DataStream<MetricPoint> metrics() {
    return metrics;
  }

  DataStream<LogEvent> logs() {
    return logs;
  }

  DataStream<RawKafkaRecord> rawMetrics() {
    return rawMetrics;
  }

  DataStream<RawKafkaRecord> rawLogs() {
    return rawLogs;
  }

  SchemaRegistryOptions registry() {
    return registry;
  }
}
