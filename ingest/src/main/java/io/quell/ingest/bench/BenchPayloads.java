/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

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
      case REMOTE_WRITE -> remoteWrite(samples);
    };
  }

  /**
   * A remote_write {@code WriteRequest} as Prometheus sends it: one {@code TimeSeries} per sample
   * (field 1), its labels sorted by name with {@code __name__} among them (field 1 of the series),
   * one {@code Sample} (field 2: value, timestamp in ms); snappy block-compressed.
   */
  private static byte[] remoteWrite(List<Sample> samples) {
    try {
      ByteArrayOutputStream request = new ByteArrayOutputStream(samples.size() * 120);
      CodedOutputStream out = CodedOutputStream.newInstance(request);
      for (Sample sample : samples) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("__name__", sample.name());
        for (int k = 0; k < sample.labels().length; k += 2) {
          labels.put(sample.labels()[k], sample.labels()[k + 1]);
        }
        ByteArrayOutputStream series = new ByteArrayOutputStream(120);
        CodedOutputStream seriesOut = CodedOutputStream.newInstance(series);
        for (var label : labels.entrySet()) {
          seriesOut.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          seriesOut.writeUInt32NoTag(
              CodedOutputStream.computeStringSize(1, label.getKey())
                  + CodedOutputStream.computeStringSize(2, label.getValue()));
          seriesOut.writeString(1, label.getKey());
          seriesOut.writeString(2, label.getValue());
        }
        long millis = sample.time().toEpochMilli();
        seriesOut.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        seriesOut.writeUInt32NoTag(
            CodedOutputStream.computeDoubleSize(1, sample.value())
                + CodedOutputStream.computeInt64Size(2, millis));
        seriesOut.writeDouble(1, sample.value());
        seriesOut.writeInt64(2, millis);
        seriesOut.flush();
        out.writeByteArray(1, series.toByteArray());
      }
      out.flush();
      return Snappy.compress(request.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
