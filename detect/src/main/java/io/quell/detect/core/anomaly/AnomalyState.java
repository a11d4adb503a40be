/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

import io.quell.detect.core.metric.RollingWindow;

/**
 * What the {@link AnomalyScorer} learned about one series. A plain bean for Flink's POJO
 * serializer; its size is bounded by the settings (windows of {@code windowPoints}, a season
 * history of at most {@code (seasonsRemembered + 1) × seasonLearnPoints / 2} points).
 */
public class AnomalyState {
  private SortedWindow values = new SortedWindow();
  private SortedWindow steps = new SortedWindow();
  private SortedWindow residuals = new SortedWindow();
  private RollingWindow history = new RollingWindow();
  private AnomalyLikelihood likelihood = new AnomalyLikelihood();
  private long seen;
  private double previous;
  private int period;
  private boolean seasonDecided;
  private int holdLeft;
  private double lowest = Double.POSITIVE_INFINITY;
  private double highest = Double.NEGATIVE_INFINITY;

  public AnomalyState() {}

  public double getLowest() {
    return lowest;
  }

  public void setLowest(double lowest) {
    this.lowest = lowest;
  }

  public double getHighest() {
    return highest;
  }

  public void setHighest(double highest) {
    this.highest = highest;
  }

  public SortedWindow getValues() {
    return values;
  }

  public void setValues(SortedWindow values) {
    this.values = values;
  }

  public SortedWindow getSteps() {
    return steps;
  }

  public void setSteps(SortedWindow steps) {
    this.steps = steps;
  }

  public SortedWindow getResiduals() {
    return residuals;
  }

  public void setResiduals(SortedWindow residuals) {
    this.residuals = residuals;
  }

  public RollingWindow getHistory() {
    return history;
  }

  public void setHistory(RollingWindow history) {
    this.history = history;
  }

  public AnomalyLikelihood getLikelihood() {
    return likelihood;
  }

  public void setLikelihood(AnomalyLikelihood likelihood) {
    this.likelihood = likelihood;
  }

  public long getSeen() {
    return seen;
  }

  public void setSeen(long seen) {
    this.seen = seen;
  }

  public double getPrevious() {
    return previous;
  }

  public void setPrevious(double previous) {
    this.previous = previous;
  }

  public int getPeriod() {
    return period;
  }

  public void setPeriod(int period) {
    this.period = period;
  }

  public boolean isSeasonDecided() {
    return seasonDecided;
  }

  public void setSeasonDecided(boolean seasonDecided) {
    this.seasonDecided = seasonDecided;
  }

  public int getHoldLeft() {
    return holdLeft;
  }

  public void setHoldLeft(int holdLeft) {
    this.holdLeft = holdLeft;
  }
}
