/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import java.util.Arrays;

/**
 * What the log side of the job knows about one template of one service, beside the miner: its text
 * and an example, when it was seen (event time), how many messages it had in all, how many in each
 * interval not yet closed, and whether its arrival is still to be announced.
 *
 * <p>A plain bean for Flink's POJO serializer (arrays of primitives, no collections). The intervals
 * not yet closed are few (the out-of-orderness bound over the interval length, plus one), so they
 * are two small parallel arrays sorted by start.
 */
public class TemplateStats {
  /** Longer example messages are cut, as in {@link IntervalTally}. */
  public static final int MAX_EXAMPLE_LENGTH = IntervalTally.MAX_EXAMPLE_LENGTH;

  private String templateId;
  private String text;
  private String exampleMessage;
  private long firstSeenAt;
  private long lastSeenAt;
  private long count;
  private long closedCount;
  private long publishedCount;
  private boolean announce;
  private long[] pendingStarts = new long[0];
  private long[] pendingCounts = new long[0];

  public TemplateStats() {}

  /** The stats of a template whose first message (in this state) arrives at {@code at}. */
  public static TemplateStats first(String templateId, String text, String message, long at) {
    TemplateStats stats = new TemplateStats();
    stats.templateId = templateId;
    stats.text = text;
    stats.exampleMessage = cut(message);
    stats.firstSeenAt = at;
    stats.lastSeenAt = at;
    return stats;
  }

  /** Counts one message at {@code at} in the interval starting at {@code intervalStart}. */
  public void count(long at, long intervalStart) {
    count++;
    firstSeenAt = Math.min(firstSeenAt, at);
    lastSeenAt = Math.max(lastSeenAt, at);
    int i = Arrays.binarySearch(pendingStarts, intervalStart);
    if (i >= 0) {
      pendingCounts[i]++;
      return;
    }
    int at0 = -i - 1;
    long[] starts = new long[pendingStarts.length + 1];
    long[] counts = new long[pendingCounts.length + 1];
    System.arraycopy(pendingStarts, 0, starts, 0, at0);
    System.arraycopy(pendingCounts, 0, counts, 0, at0);
    starts[at0] = intervalStart;
    counts[at0] = 1;
    System.arraycopy(pendingStarts, at0, starts, at0 + 1, pendingStarts.length - at0);
    System.arraycopy(pendingCounts, at0, counts, at0 + 1, pendingCounts.length - at0);
    pendingStarts = starts;
    pendingCounts = counts;
  }

  /** The messages counted so far in the interval starting at {@code intervalStart}. */
  public long countIn(long intervalStart) {
    int i = Arrays.binarySearch(pendingStarts, intervalStart);
    return i >= 0 ? pendingCounts[i] : 0;
  }

  /**
   * The messages counted in the interval starting at {@code intervalStart}, which is closed now:
   * that interval and any earlier one are forgotten.
   */
  public long close(long intervalStart) {
    long closed = 0;
    int keep = 0;
    while (keep < pendingStarts.length && pendingStarts[keep] <= intervalStart) {
      if (pendingStarts[keep] == intervalStart) {
        closed = pendingCounts[keep];
      }
      closedCount += pendingCounts[keep];
      keep++;
    }
    if (keep > 0) {
      pendingStarts = Arrays.copyOfRange(pendingStarts, keep, pendingStarts.length);
      pendingCounts = Arrays.copyOfRange(pendingCounts, keep, pendingCounts.length);
    }
    return closed;
  }

  static String cut(String message) {
    String text = message == null ? "" : message;
    return text.length() > MAX_EXAMPLE_LENGTH
        ? text.substring(0, MAX_EXAMPLE_LENGTH - 3) + "..."
        : text;
  }

  public String getTemplateId() {
    return templateId;
  }

  public void setTemplateId(String templateId) {
    this.templateId = templateId;
  }

  /** The template's text as last seen (variable parts as {@code <*>}). */
  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }

  /** The first message of the template (cut to {@value #MAX_EXAMPLE_LENGTH} characters). */
  public String getExampleMessage() {
    return exampleMessage;
  }

  public void setExampleMessage(String exampleMessage) {
    this.exampleMessage = exampleMessage;
  }

  /** Event time of the earliest message counted. */
  public long getFirstSeenAt() {
    return firstSeenAt;
  }

  public void setFirstSeenAt(long firstSeenAt) {
    this.firstSeenAt = firstSeenAt;
  }

  /** Event time of the latest message counted. */
  public long getLastSeenAt() {
    return lastSeenAt;
  }

  public void setLastSeenAt(long lastSeenAt) {
    this.lastSeenAt = lastSeenAt;
  }

  /** Messages counted since the template's stats were created. */
  public long getCount() {
    return count;
  }

  public void setCount(long count) {
    this.count = count;
  }

  /**
   * Messages in the intervals closed so far: unlike {@link #getCount()} this depends on event time
   * only, not on how far ahead of the watermark events arrived, so alerts carry it.
   */
  public long getClosedCount() {
    return closedCount;
  }

  public void setClosedCount(long closedCount) {
    this.closedCount = closedCount;
  }

  /** The count last published on quell.templates. */
  public long getPublishedCount() {
    return publishedCount;
  }

  public void setPublishedCount(long publishedCount) {
    this.publishedCount = publishedCount;
  }

  /** Whether the template is new after the warm-up and its alert not yet sent. */
  public boolean isAnnounce() {
    return announce;
  }

  public void setAnnounce(boolean announce) {
    this.announce = announce;
  }

  public long[] getPendingStarts() {
    return pendingStarts;
  }

  public void setPendingStarts(long[] pendingStarts) {
    this.pendingStarts = pendingStarts;
  }

  public long[] getPendingCounts() {
    return pendingCounts;
  }

  public void setPendingCounts(long[] pendingCounts) {
    this.pendingCounts = pendingCounts;
  }

  @Override
  public String toString() {
    return "TemplateStats[" + templateId + " '" + text + "' ×" + count + "]";
  }
}
