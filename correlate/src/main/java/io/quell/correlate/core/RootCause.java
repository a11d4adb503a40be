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

  /** The parts of the score by name (see {@link RootCauseRanker}). */
  public Map<String, Double> signals = new TreeMap<>();

  public RootCause() {}

  public RootCause(String service, double score, String evidence) {
    this.service = service;
    this.score = score;
    this.evidence = evidence;
  }

  public RootCause(String service, double score, String evidence, Map<String, Double> signals) {
    this(service, score, evidence);
    this.signals = new TreeMap<>(signals);
  }

  RootCause copy() {
    return new RootCause(service, score, evidence, signals);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RootCause that
        && Objects.equals(service, that.service)
        && Double.compare(score, that.score) == 0
        && Objects.equals(evidence, that.evidence)
        && Objects.equals(signals, that.signals);
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
