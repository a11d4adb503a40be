/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Request bodies for the benchmark, built before the clock starts so that generating them is not
 * measured: each holds {@code batchSize} samples of a rotating set of series, shaped like what a
 * scrape of a fleet of services produces (a few labels, one value each).
 */
public final class BenchPayloads {
  /** Metric names the samples rotate through. */
  private static final String[] METRICS = {
    "http_requests_per_second", "http_request_duration_p99_seconds", "process_cpu_usage"
  };

  private static final JsonFactory JSON = new JsonFactory();

  private BenchPayloads() {}

  /**
   * {@code count} distinct bodies of {@code batchSize} samples each over {@code seriesCount}
   * series.
   */
  public static List<byte[]> build(
      BenchFormat format, int count, int batchSize, int seriesCount, long seed, Instant time) {
    if (count < 1 || batchSize < 1 || seriesCount < 1) {
      throw new IllegalArgumentException("count, batch size and series count must be positive");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> bodies = new ArrayList<>(count);
    int series = 0;
    for (int i = 0; i < count; i++) {
      List<Sample> samples = new ArrayList<>(batchSize);
      for (int j = 0; j < batchSize; j++) {
        samples.add(sample(series, seriesCount, random, time.plusMillis(i)));
        series = (series + 1) % seriesCount;
      }
      bodies.add(encode(format, samples));
    }
    return bodies;
  }

  /** One sample: a metric name, its labels as name/value pairs, a value and a time. */
  record Sample(String name, String[] labels, double value, Instant time) {}

  private static Sample sample(int series, int seriesCount, SplittableRandom random, Instant time) {
    String name = METRICS[series % METRICS.length];
    int instance = series / METRICS.length;
    String service = "svc-" + (instance % Math.max(1, seriesCount / 30));
    return new Sample(
        name,
        new String[] {
          "service",
          service,
          "instance",
          "10.0." + (instance / 250) + "." + (instance % 250) + ":9100"
        },
        Math.round(random.nextDouble() * 100_000) / 100.0,
        time);
  }

  private static byte[] encode(BenchFormat format, List<Sample> samples) {
    return switch (format) {
      case JSON -> json(samples, true);
      case NDJSON -> json(samples, false);
    };
  }

  private static byte[] json(List<Sample> samples, boolean array) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(samples.size() * 160);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      if (array) {
        json.writeStartArray();
      }
      for (Sample sample : samples) {
        json.writeStartObject();
        json.writeStringField("timestamp", sample.time().toString());
        json.writeStringField("name", sample.name());
        json.writeObjectFieldStart("labels");
        for (int k = 0; k < sample.labels().length; k += 2) {
          json.writeStringField(sample.labels()[k], sample.labels()[k + 1]);
        }
        json.writeEndObject();
        json.writeNumberField("value", sample.value());
        json.writeEndObject();
        if (!array) {
          json.flush();
          out.write('\n');
        }
      }
      if (array) {
        json.writeEndArray();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
