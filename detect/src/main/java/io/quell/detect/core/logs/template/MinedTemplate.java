/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import java.util.Arrays;

/**
 * One learned template: its id, its tokens ({@value TokenMasker#WILDCARD} where the messages of the
 * group vary), how many messages matched it and when the last one did. A plain bean for Flink's
 * POJO serializer (public no-arg constructor, getters and setters, a {@code String[]} of tokens),
 * so that a {@link TemplateMinerState} of these can sit in keyed state as it is.
 */
public class MinedTemplate {
  private String id;
  private String[] tokens;
  private boolean[] learned;
  private long count;
  private long lastSeen;

  public MinedTemplate() {}

  public MinedTemplate(String id, String[] tokens, long count, long lastSeen) {
    this.id = id;
    this.tokens = tokens;
    this.learned = new boolean[tokens.length];
    this.count = count;
    this.lastSeen = lastSeen;
  }

  /** A deep copy. */
  public MinedTemplate copy() {
    MinedTemplate copy = new MinedTemplate(id, tokens.clone(), count, lastSeen);
    copy.setLearned(learned == null ? null : learned.clone());
    return copy;
  }

  /** The template text: the tokens joined by single spaces. */
  public String text() {
    return String.join(" ", tokens);
  }

  public int length() {
    return tokens.length;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String[] getTokens() {
    return tokens;
  }

  public void setTokens(String[] tokens) {
    this.tokens = tokens;
  }

  /**
   * Positions whose wildcard was learned from words that differed (as opposed to masked before
   * mining): only these take a word.
   */
  public boolean[] getLearned() {
    return learned;
  }

  public void setLearned(boolean[] learned) {
    this.learned = learned;
  }

  public long getCount() {
    return count;
  }

  public void setCount(long count) {
    this.count = count;
  }

  /** The miner's message counter when the template last matched (its clock, not event time). */
  public long getLastSeen() {
    return lastSeen;
  }

  public void setLastSeen(long lastSeen) {
    this.lastSeen = lastSeen;
  }

  @Override
  public String toString() {
    return id + " " + Arrays.toString(tokens) + " ×" + count;
  }
}
