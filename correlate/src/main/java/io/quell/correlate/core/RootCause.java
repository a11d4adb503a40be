/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import java.util.Objects;

/** A ranked root-cause candidate as the correlator keeps it (a Flink POJO, like MemberState). */
public class RootCause {
  public String service;

  /** 0 to 1; higher is more likely. */
  public double score;

  public String evidence;

  public RootCause() {}

  public RootCause(String service, double score, String evidence) {
    this.service = service;
    this.score = score;
    this.evidence = evidence;
  }

  RootCause copy() {
    return new RootCause(service, score, evidence);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RootCause that
        && Objects.equals(service, that.service)
        && Double.compare(score, that.score) == 0
        && Objects.equals(evidence, that.evidence);
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
