/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A ranked root-cause candidate as the correlator keeps it (a Flink POJO, like MemberState). */
public class RootCause {
  public String service;

  /** 0 to 1; higher is more likely. */
  public double score;

  public String evidence;

  /** Parts of the score (see {@link RootCauseRanker}): affected services depending on this one. */
  public double dependents;

  /** 1 for the service that alerted first, 0 for the last. */
  public double earliness;

  /** Share of the random walk, 1 for the most visited service. */
  public double walk;

  /** Highest anomaly of the service's alerts, 0 to 1. */
  public double anomaly;

  public RootCause() {}

  public RootCause(String service, double score, String evidence) {
    this.service = service;
    this.score = score;
    this.evidence = evidence;
  }

  public RootCause(String service, double score, String evidence, Map<String, Double> signals) {
    this(service, score, evidence);
    this.dependents = signals.getOrDefault("dependents", 0.0);
    this.earliness = signals.getOrDefault("earliness", 0.0);
    this.walk = signals.getOrDefault("walk", 0.0);
    this.anomaly = signals.getOrDefault("anomaly", 0.0);
  }

  /** The parts of the score by name, as published in {@code RootCauseCandidate.signals}. */
  public Map<String, Double> signals() {
    Map<String, Double> signals = new TreeMap<>();
    signals.put("dependents", dependents);
    signals.put("earliness", earliness);
    signals.put("walk", walk);
    signals.put("anomaly", anomaly);
    return signals;
  }

  RootCause copy() {
    return new RootCause(service, score, evidence, signals());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RootCause that
        && Objects.equals(service, that.service)
        && Double.compare(score, that.score) == 0
        && Objects.equals(evidence, that.evidence)
        && Objects.equals(signals(), that.signals());
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, score, evidence);
  }

  @Override
  public String toString() {
    return service + "(" + score + "): " + evidence;
  }
}
