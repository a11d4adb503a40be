/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Builds Prometheus remote_write 1.0 {@code WriteRequest} bodies byte by byte, as Prometheus
 * encodes them, so that tests of the decoder do not depend on the decoder's own reading.
 */
public final class RemoteWriteMessages {

  private RemoteWriteMessages() {}

  /** One {@code TimeSeries} under construction. */
  public static final class Series {
    private final List<String[]> labels = new ArrayList<>();
    private final List<double[]> samples = new ArrayList<>();
    private final List<long[]> timestamps = new ArrayList<>();
    private int exemplars;
    private int histograms;
    private boolean unknownFields;

    public Series label(String name, String value) {
      labels.add(new String[] {name, value});
      return this;
    }

    public Series sample(double value, long timestampMillis) {
      samples.add(new double[] {value});
      timestamps.add(new long[] {timestampMillis});
      return this;
    }

    public Series exemplar() {
      exemplars++;
      return this;
    }

    public Series histogram() {
      histograms++;
      return this;
    }

    /** Adds fields a newer sender might write, in the series, its labels and its samples. */
    public Series withUnknownFields() {
      unknownFields = true;
      return this;
    }

    byte[] encode() {
      return message(
          out -> {
            for (String[] label : labels) {
              out.writeByteArray(
                  1,
                  message(
                      l -> {
                        l.writeString(1, label[0]);
                        l.writeString(2, label[1]);
                        if (unknownFields) {
                          l.writeInt64(7, 42);
                        }
                      }));
            }
            for (int i = 0; i < samples.size(); i++) {
              double value = samples.get(i)[0];
              long timestamp = timestamps.get(i)[0];
              out.writeByteArray(
                  2,
                  message(
                      s -> {
                        if (unknownFields) {
                          s.writeString(9, "ignored");
                        }
                        s.writeDouble(1, value);
                        s.writeInt64(2, timestamp);
                      }));
            }
            for (int i = 0; i < exemplars; i++) {
              // Exemplar { labels = 1; double value = 2; int64 timestamp = 3; }
              out.writeByteArray(
                  3,
                  message(
                      e -> {
                        e.writeByteArray(
                            1,
                            message(
                                l -> {
                                  l.writeString(1, "trace_id");
                                  l.writeString(2, "abc");
                                }));
                        e.writeDouble(2, 0.5);
                        e.writeInt64(3, 1);
                      }));
            }
            for (int i = 0; i < histograms; i++) {
              // Histogram { uint64 count_int = 1; double sum = 3; ... }
              out.writeByteArray(
                  4,
                  message(
                      h -> {
                        h.writeUInt64(1, 3);
                        h.writeDouble(3, 1.5);
                      }));
            }
            if (unknownFields) {
              out.writeFixed32(15, 7);
            }
          });
    }
  }

  public static Series series(String name) {
    return new Series().label("__name__", name);
  }

  /** A {@code WriteRequest} holding {@code series}. */
  public static byte[] writeRequest(Series... series) {
    return message(
        out -> {
          for (Series one : series) {
            out.writeByteArray(1, one.encode());
          }
        });
  }

  /** A {@code WriteRequest} with only metadata (field 3), as Prometheus sends every minute. */
  public static byte[] metadataOnly() {
    return message(
        out ->
            out.writeByteArray(
                3,
                message(
                    m -> {
                      m.writeEnum(1, 1);
                      m.writeString(2, "up");
                      m.writeString(4, "Whether the target is up.");
                    })));
  }

  public static byte[] snappy(byte[] bytes) {
    try {
      return Snappy.compress(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FunctionalInterface
  interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  static byte[] message(Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      writer.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
