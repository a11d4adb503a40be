/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

/**
 * The error events of one service in one interval: how many, and one of them as an example. The
 * example is the earliest event (by event time, then by text), so that it does not depend on the
 * order in which events arrived.
 *
 * <p>A plain bean so that Flink keeps it with its POJO serializer.
 */
public class IntervalTally {
  /** Longer example messages are cut: the alert should stay small. */
  public static final int MAX_EXAMPLE_LENGTH = 1000;

  private long errors;
  private long exampleAt;
  private String exampleMessage;

  public IntervalTally() {}

  /** Counts one error event. */
  public void add(long at, String message) {
    errors++;
    String text = message == null ? "" : message;
    if (text.length() > MAX_EXAMPLE_LENGTH) {
      text = text.substring(0, MAX_EXAMPLE_LENGTH - 3) + "...";
    }
    if (exampleMessage == null
        || at < exampleAt
        || (at == exampleAt && text.compareTo(exampleMessage) < 0)) {
      exampleAt = at;
      exampleMessage = text;
    }
  }

  public long getErrors() {
    return errors;
  }

  public void setErrors(long errors) {
    this.errors = errors;
  }

  public long getExampleAt() {
    return exampleAt;
  }

  public void setExampleAt(long exampleAt) {
    this.exampleAt = exampleAt;
  }

  public String getExampleMessage() {
    return exampleMessage;
  }

  public void setExampleMessage(String exampleMessage) {
    this.exampleMessage = exampleMessage;
  }

  @Override
  public String toString() {
    return "IntervalTally[errors=" + errors + ", example=" + exampleMessage + "]";
  }
}
