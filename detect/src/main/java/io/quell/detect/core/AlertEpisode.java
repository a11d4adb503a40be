/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core;

import io.quell.schemas.avro.Severity;

/**
 * Where one key (a series, a service) stands in the alert life cycle: how many anomalous or normal
 * observations in a row it has seen, whether its alert is firing, and the worst of the current
 * episode. Mutated only by {@link Hysteresis}.
 *
 * <p>A plain mutable bean with a public no-argument constructor and accessors for every field, so
 * that Flink keeps it in keyed state with its POJO serializer (no Kryo) and can evolve it.
 */
public class AlertEpisode {
  private boolean firing;
  private int anomalousRun;
  private int normalRun;
  private long runStartedAt;
  private long firstNormalAt;
  private double peakScore;
  private Severity severity;

  public AlertEpisode() {}

  /** Whether nothing is pending or firing: the episode holds no information worth keeping. */
  public boolean isIdle() {
    return !firing && anomalousRun == 0;
  }

  void resetRun() {
    anomalousRun = 0;
    normalRun = 0;
    runStartedAt = 0;
    firstNormalAt = 0;
    peakScore = 0;
    severity = null;
  }

  public boolean isFiring() {
    return firing;
  }

  public void setFiring(boolean firing) {
    this.firing = firing;
  }

  /** Anomalous observations in a row (before firing) or in the episode (while firing). */
  public int getAnomalousRun() {
    return anomalousRun;
  }

  public void setAnomalousRun(int anomalousRun) {
    this.anomalousRun = anomalousRun;
  }

  /** Normal observations in a row while firing. */
  public int getNormalRun() {
    return normalRun;
  }

  public void setNormalRun(int normalRun) {
    this.normalRun = normalRun;
  }

  /** Event time of the first anomalous observation of the current run: the alert's startsAt. */
  public long getRunStartedAt() {
    return runStartedAt;
  }

  public void setRunStartedAt(long runStartedAt) {
    this.runStartedAt = runStartedAt;
  }

  /** Event time of the first normal observation of the current normal run while firing. */
  public long getFirstNormalAt() {
    return firstNormalAt;
  }

  public void setFirstNormalAt(long firstNormalAt) {
    this.firstNormalAt = firstNormalAt;
  }

  /** Highest raw score of the current run (the detector's own scale). */
  public double getPeakScore() {
    return peakScore;
  }

  public void setPeakScore(double peakScore) {
    this.peakScore = peakScore;
  }

  /** Highest severity of the current run, or null when there is no run. */
  public Severity getSeverity() {
    return severity;
  }

  public void setSeverity(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String toString() {
    return "AlertEpisode[firing="
        + firing
        + ", anomalousRun="
        + anomalousRun
        + ", normalRun="
        + normalRun
        + ", runStartedAt="
        + runStartedAt
        + ", peakScore="
        + peakScore
        + ", severity="
        + severity
        + "]";
  }
}
