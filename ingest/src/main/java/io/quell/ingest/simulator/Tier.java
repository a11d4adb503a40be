/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.schemas.avro.EdgeKind;
import java.util.Locale;

/**
 * The role of a service, which sets its normal behaviour: how much traffic it sees, how fast it
 * answers, how often it fails, how busy its CPU is and what it logs. The numbers are daily means of
 * a modest production system; each service scales them by a factor of its own.
 */
public enum Tier {
  GATEWAY(120, 0.25, 0.002, 0.35, EdgeKind.HTTP),
  API(40, 0.18, 0.003, 0.30, EdgeKind.HTTP),
  WORKER(8, 0.9, 0.002, 0.45, EdgeKind.RPC),
  DATABASE(150, 0.03, 0.0005, 0.30, EdgeKind.DATABASE),
  CACHE(400, 0.004, 0.0002, 0.15, EdgeKind.CACHE),
  QUEUE(60, 0.01, 0.0002, 0.20, EdgeKind.QUEUE);

  private final double requestRate;
  private final double latencyP99;
  private final double errorRatio;
  private final double cpu;
  private final EdgeKind calledAs;

  Tier(double requestRate, double latencyP99, double errorRatio, double cpu, EdgeKind calledAs) {
    this.requestRate = requestRate;
    this.latencyP99 = latencyP99;
    this.errorRatio = errorRatio;
    this.cpu = cpu;
    this.calledAs = calledAs;
  }

  /** Requests per second at the daily mean. */
  public double requestRate() {
    return requestRate;
  }

  /** 99th percentile latency in seconds when healthy. */
  public double latencyP99() {
    return latencyP99;
  }

  /** Share of requests that fail when healthy. */
  public double errorRatio() {
    return errorRatio;
  }

  /** CPU usage (0 to 1) at the daily mean. */
  public double cpu() {
    return cpu;
  }

  /** Resident memory in MiB at the daily mean. */
  public double memoryMib() {
    return switch (this) {
      case GATEWAY -> 512;
      case API -> 768;
      case WORKER -> 1024;
      case DATABASE -> 4096;
      case CACHE -> 2048;
      case QUEUE -> 1536;
    };
  }

  /** Share of the pool (connections, threads or queue) in use at the daily mean. */
  public double poolUtilization() {
    return switch (this) {
      case GATEWAY -> 0.25;
      case API -> 0.3;
      case WORKER -> 0.4;
      case DATABASE -> 0.35;
      case CACHE -> 0.15;
      case QUEUE -> 0.2;
    };
  }

  /** Size of that pool. */
  int poolSize() {
    return switch (this) {
      case GATEWAY -> 400;
      case API -> 200;
      case WORKER -> 32;
      case DATABASE -> 100;
      case CACHE -> 50;
      case QUEUE -> 1000;
    };
  }

  /** What the pool is, as its statistics lines name it. */
  String poolName() {
    return switch (this) {
      case GATEWAY -> "upstream connection pool";
      case API -> "worker thread pool";
      case WORKER -> "job executor";
      case DATABASE -> "connection pool";
      case CACHE -> "client connection pool";
      case QUEUE -> "request queue";
    };
  }

  /** Whether services of this tier run on a JVM and log GC pauses. */
  boolean jvm() {
    return this == GATEWAY || this == API || this == WORKER;
  }

  /** The kind of an edge whose callee has this tier. */
  public EdgeKind calledAs() {
    return calledAs;
  }

  /** The lower-case name used in labels and files, e.g. {@code database}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The tier named {@code label}, in any case. */
  public static Tier of(String label) {
    for (Tier tier : values()) {
      if (tier.name().equalsIgnoreCase(label.strip())) {
        return tier;
      }
    }
    throw new IllegalArgumentException(
        "Unknown tier '" + label + "'; tiers are gateway, api, worker, database, cache, queue");
  }
}
