/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

/**
 * What the error-burst rule learned about one service: the exponentially weighted moving average of
 * its error count per interval and of the share of errors and warnings among its events, and how
 * many intervals it has seen (for the warm-up).
 *
 * <p>A plain bean so that Flink keeps it with its POJO serializer.
 */
public class ErrorBaseline {
  private double average;
  private int intervalsSeen;
  private double ratioAverage;
  private boolean ratioLearned;

  public ErrorBaseline() {}

  /** Average errors per interval over the normal intervals seen. */
  public double getAverage() {
    return average;
  }

  public void setAverage(double average) {
    this.average = average;
  }

  /** Intervals seen, counted up to the warm-up length only. */
  public int getIntervalsSeen() {
    return intervalsSeen;
  }

  public void setIntervalsSeen(int intervalsSeen) {
    this.intervalsSeen = intervalsSeen;
  }

  /** Average share of errors and warnings among the events of the normal intervals with events. */
  public double getRatioAverage() {
    return ratioAverage;
  }

  public void setRatioAverage(double ratioAverage) {
    this.ratioAverage = ratioAverage;
  }

  /** Whether an interval with events was learned: the ratio average starts from the first one. */
  public boolean isRatioLearned() {
    return ratioLearned;
  }

  public void setRatioLearned(boolean ratioLearned) {
    this.ratioLearned = ratioLearned;
  }

  @Override
  public String toString() {
    return "ErrorBaseline[average="
        + average
        + ", ratioAverage="
        + ratioAverage
        + ", intervalsSeen="
        + intervalsSeen
        + "]";
  }
}
