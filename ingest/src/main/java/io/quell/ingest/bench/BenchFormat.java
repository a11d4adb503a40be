/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.bench;

/** A way of sending metric samples to the intake that the benchmark can measure. */
public enum BenchFormat {
  /** A JSON array of metric points to {@code /api/v1/metrics}. */
  JSON("json", "/api/v1/metrics", "application/json"),
  /** Newline-delimited metric points to {@code /api/v1/metrics}. */
  NDJSON("ndjson", "/api/v1/metrics", "application/x-ndjson"),
  /** A Prometheus remote_write 1.0 request (snappy-compressed protobuf), one series a sample. */
  REMOTE_WRITE("remote-write", "/api/v1/prometheus/write", "application/x-protobuf");

  private final String label;
  private final String path;
  private final String contentType;

  BenchFormat(String label, String path, String contentType) {
    this.label = label;
    this.path = path;
    this.contentType = contentType;
  }

  public String label() {
    return label;
  }

  /** The intake path the requests go to. */
  public String path() {
    return path;
  }

  public String contentType() {
    return contentType;
  }

  /** Extra request headers, as name/value pairs. */
  public String[] headers() {
    return this == REMOTE_WRITE
        ? new String[] {"X-Prometheus-Remote-Write-Version", "0.1.0"}
        : new String[0];
  }

  /** Content-Encoding of the body, or null when it is sent as is. */
  public String contentEncoding() {
    return this == REMOTE_WRITE ? "snappy" : null;
  }
}
