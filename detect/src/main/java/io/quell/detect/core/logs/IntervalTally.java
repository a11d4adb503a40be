/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.schemas.avro.LogLevel;

/**
 * The events of one service in one interval: how many errors, warnings and events in all, and one
 * message as an example. The example is the earliest error (by event time, then by text), or the
 * earliest warning when there is no error, so that it does not depend on the order in which events
 * arrived.
 *
 * <p>A plain bean so that Flink keeps it with its POJO serializer.
 */
public class IntervalTally {
  /** Longer example messages are cut: the alert should stay small. */
  public static final int MAX_EXAMPLE_LENGTH = 1000;

  private long errors;
  private long warnings;
  private long events;
  private boolean errorExample;
  private long firstBadAt;
  private long exampleAt;
  private String exampleMessage;

  public IntervalTally() {}

  /** Counts one event of any level. */
  public void count(LogLevel level, long at, String message) {
    if (ErrorBurstRule.isError(level)) {
      add(at, message);
    } else {
      events++;
      if (ErrorBurstRule.isWarning(level)) {
        noteBad(at);
        warnings++;
        if (!errorExample) {
          offerExample(at, message);
        }
      }
    }
  }

  /** Counts one error event. */
  public void add(long at, String message) {
    noteBad(at);
    errors++;
    events++;
    if (!errorExample) {
      errorExample = true;
      exampleMessage = null;
    }
    offerExample(at, message);
  }

  private void noteBad(long at) {
    if (errors + warnings == 0 || at < firstBadAt) {
      firstBadAt = at;
    }
  }

  private void offerExample(long at, String message) {
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

  public long getWarnings() {
    return warnings;
  }

  public void setWarnings(long warnings) {
    this.warnings = warnings;
  }

  /** Events of every level, errors and warnings included. */
  public long getEvents() {
    return events;
  }

  public void setEvents(long events) {
    this.events = events;
  }

  /** Event time of the earliest error or warning; meaningless without any. */
  public long getFirstBadAt() {
    return firstBadAt;
  }

  public void setFirstBadAt(long firstBadAt) {
    this.firstBadAt = firstBadAt;
  }

  /** Whether the example is an error (else a warning). */
  public boolean isErrorExample() {
    return errorExample;
  }

  public void setErrorExample(boolean errorExample) {
    this.errorExample = errorExample;
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
    return "IntervalTally[errors="
        + errors
        + ", warnings="
        + warnings
        + ", events="
        + events
        + ", example="
        + exampleMessage
        + "]";
  }
}
