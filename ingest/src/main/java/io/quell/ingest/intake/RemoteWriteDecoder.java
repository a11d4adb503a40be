/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.quell.schemas.avro.MetricPoint;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes a Prometheus remote_write 1.0 {@code WriteRequest} (already un-snappied) into one {@link
 * MetricPoint} per sample. The few fields needed are read by hand with {@link CodedInputStream},
 * which spares generated classes for Prometheus' protos:
 *
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; (metadata = 3 skipped) }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2;
 *                repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }   // milliseconds
 * </pre>
 *
 * <p>Unknown fields are skipped, as protobuf readers must. Exemplars and native histograms are not
 * taken: they are counted as unsupported. Stale markers (the NaN with bits {@value
 * #STALE_NAN_BITS_HEX}) say that a series ended, not a value: they are skipped and counted. Other
 * NaNs and infinities are kept, as Prometheus stores them.
 *
 * <p>Records are the samples; a rejection's index is the position of its series in the request, and
 * a series at fault (no {@code __name__}, too many labels) rejects all its samples at once.
 */
public final class RemoteWriteDecoder {

  /** The bit pattern of Prometheus' stale marker, a NaN no computation produces. */
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  static final String STALE_NAN_BITS_HEX = "0x7ff0000000000002";

  /** The label that holds the metric name. */
  static final String NAME_LABEL = "__name__";

  private static final int TIMESERIES = 1;
  private static final int LABELS = 1;
  private static final int SAMPLES = 2;
  private static final int EXEMPLARS = 3;
  private static final int HISTOGRAMS = 4;
  private static final int LABEL_NAME = 1;
  private static final int LABEL_VALUE = 2;
  private static final int SAMPLE_VALUE = 1;
  private static final int SAMPLE_TIMESTAMP = 2;

  private final RecordLimits limits;
  private final int maxReportedRejections;

  /**
   * @param limits the per-record limits (labels per series)
   * @param maxReportedRejections how many rejections are kept with their details (all are counted)
   */
  public RemoteWriteDecoder(RecordLimits limits, int maxReportedRejections) {
    this.limits = limits;
    this.maxReportedRejections = maxReportedRejections;
  }

  /**
   * Decodes one {@code WriteRequest}.
   *
   * @throws UndecodableBodyException when the bytes are not a valid protobuf message of that shape
   *     (truncated, garbled, a known field with the wrong wire type)
   */
  public DecodedBatch<MetricPoint> decode(byte[] protobuf) throws UndecodableBodyException {
    BatchBuilder<MetricPoint> batch = new BatchBuilder<>(maxReportedRejections);
    try {
      CodedInputStream in = CodedInputStream.newInstance(protobuf);
      int seriesIndex = 0;
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (WireFormat.getTagFieldNumber(tag) == TIMESERIES) {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "WriteRequest.timeseries");
          int limit = in.pushLimit(in.readRawVarint32());
          Series series = readSeries(in);
          in.popLimit(limit);
          add(series, seriesIndex++, batch);
        } else {
          in.skipField(tag);
        }
      }
    } catch (IOException e) {
      throw new UndecodableBodyException(
          "malformed_protobuf",
          "The body is not a Prometheus remote_write WriteRequest (protobuf): " + e.getMessage());
    }
    return batch.build();
  }

  /** One time series as read, before it is checked. */
  private static final class Series {
    final Map<String, String> labels = new HashMap<>();
    String name;
    double[] values = new double[4];
    long[] timestamps = new long[4];
    int samples;
    int exemplars;
    int histograms;

    void addSample(double value, long timestamp) {
      if (samples == values.length) {
        values = Arrays.copyOf(values, samples * 2);
        timestamps = Arrays.copyOf(timestamps, samples * 2);
      }
      values[samples] = value;
      timestamps[samples] = timestamp;
      samples++;
    }
  }

  private static Series readSeries(CodedInputStream in) throws IOException {
    Series series = new Series();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case LABELS -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "TimeSeries.labels");
          int limit = in.pushLimit(in.readRawVarint32());
          readLabel(in, series);
          in.popLimit(limit);
        }
        case SAMPLES -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "TimeSeries.samples");
          int limit = in.pushLimit(in.readRawVarint32());
          readSample(in, series);
          in.popLimit(limit);
        }
        case EXEMPLARS -> {
          series.exemplars++;
          in.skipField(tag);
        }
        case HISTOGRAMS -> {
          series.histograms++;
          in.skipField(tag);
        }
        default -> in.skipField(tag);
      }
    }
    return series;
  }

  private static void readLabel(CodedInputStream in, Series series) throws IOException {
    String name = "";
    String value = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case LABEL_NAME -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "Label.name");
          name = in.readString();
        }
        case LABEL_VALUE -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "Label.value");
          value = in.readString();
        }
        default -> in.skipField(tag);
      }
    }
    if (name.equals(NAME_LABEL)) {
      series.name = value;
    } else if (!value.isEmpty()) {
      // An empty value is the same as no label in Prometheus' data model.
      series.labels.put(name, value);
    }
  }

  private static void readSample(CodedInputStream in, Series series) throws IOException {
    double value = 0;
    long timestamp = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case SAMPLE_VALUE -> {
          expect(tag, WireFormat.WIRETYPE_FIXED64, "Sample.value");
          value = in.readDouble();
        }
        case SAMPLE_TIMESTAMP -> {
          expect(tag, WireFormat.WIRETYPE_VARINT, "Sample.timestamp");
          timestamp = in.readInt64();
        }
        default -> in.skipField(tag);
      }
    }
    series.addSample(value, timestamp);
  }

  private static void expect(int tag, int wireType, String field) throws IOException {
    if (WireFormat.getTagWireType(tag) != wireType) {
      throw new com.google.protobuf.InvalidProtocolBufferException(
          field + " has wire type " + WireFormat.getTagWireType(tag) + ", expected " + wireType);
    }
  }

  private void add(Series series, int index, BatchBuilder<MetricPoint> batch) {
    batch.unsupported("exemplars", series.exemplars);
    batch.unsupported("native_histograms", series.histograms);
    int live = 0;
    for (int i = 0; i < series.samples; i++) {
      if (Double.doubleToRawLongBits(series.values[i]) == STALE_NAN_BITS) {
        batch.staleMarker();
      } else {
        live++;
      }
    }
    if (live == 0) {
      return;
    }
    if (series.name == null || series.name.isEmpty()) {
      batch.reject(
          new Rejection(
              index,
              "labels." + NAME_LABEL,
              Rejection.Reason.MISSING_FIELD,
              "the series has no metric name (label " + NAME_LABEL + ")"),
          live);
      return;
    }
    try {
      limits.checkSeries("labels", series.name, series.labels, 0);
    } catch (InvalidRecordException e) {
      batch.reject(
          new Rejection(
              index, e.field(), e.reason(), "series " + series.name + " " + e.getMessage()),
          live);
      return;
    }
    for (int i = 0; i < series.samples; i++) {
      double value = series.values[i];
      if (Double.doubleToRawLongBits(value) == STALE_NAN_BITS) {
        continue;
      }
      long timestamp = series.timestamps[i];
      if (timestamp < 0 || timestamp > JsonFields.MAX_EPOCH_MILLIS) {
        batch.reject(
            new Rejection(
                index,
                "samples.timestamp",
                Rejection.Reason.INVALID_FIELD,
                "series "
                    + series.name
                    + ": "
                    + timestamp
                    + " ms lies outside 1970-01-01 to 9999-12-31"));
        continue;
      }
      // The samples of a series share one label map: MetricPoints are only read from here on.
      batch.accept(
          MetricPoint.newBuilder()
              .setTimestamp(Instant.ofEpochMilli(timestamp))
              .setName(series.name)
              .setLabels(series.labels)
              .setValue(value)
              .build());
    }
  }
}
