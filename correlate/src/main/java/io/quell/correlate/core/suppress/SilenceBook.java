/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import io.quell.schemas.avro.Silence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The silences in force, by id, as read from the compacted quell.silences: a record creates or
 * replaces the silence of its id, a tombstone deletes it; a silence whose end passed is expired (it
 * mutes nothing) and is dropped once its end is older than a retention, so the book stays bounded
 * however many silences were ever created. A record that cannot be compiled (a bad regular
 * expression, an unknown time zone) deletes the previous version of its id and is reported: a
 * broken silence mutes nothing rather than something unintended.
 *
 * <p>Lookups go by id order, so the silence reported for an alert muted by several is always the
 * same one.
 */
public final class SilenceBook {

  private static final Logger LOG = LoggerFactory.getLogger(SilenceBook.class);

  private final TreeMap<String, SilenceRule> silences = new TreeMap<>();

  /**
   * Creates, replaces or (for a null silence) deletes the silence with this id.
   *
   * @return the compiled silence, or empty when it was deleted or could not be compiled
   */
  public Optional<SilenceRule> apply(String id, Silence silence) {
    if (silence == null) {
      silences.remove(id);
      return Optional.empty();
    }
    try {
      SilenceRule rule = SilenceRule.of(silence);
      silences.put(id, rule);
      return Optional.of(rule);
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring silence {}: {}", id, e.getMessage());
      silences.remove(id);
      return Optional.empty();
    }
  }

  /** Replaces the whole book, for example after a restore. */
  public void replaceAll(Map<String, Silence> byId) {
    silences.clear();
    byId.forEach(this::apply);
  }

  /** The first silence (by id) that mutes the labels at {@code time}. */
  public Optional<SilenceRule> mutedBy(Map<String, String> labels, long time) {
    for (SilenceRule rule : silences.values()) {
      if (rule.mutes(labels, time)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  /** The earliest time after {@code time} at which any silence starts or ends a window. */
  public long nextBoundaryAfter(long time) {
    long next = Long.MAX_VALUE;
    for (SilenceRule rule : silences.values()) {
      next = Math.min(next, rule.nextBoundaryAfter(time));
    }
    return next;
  }

  /**
   * The ids of silences that ended more than {@code retentionMillis} before {@code time}, which can
   * be dropped: no alert handled from now on can fall into them (a late alert counts as heard just
   * after the watermark).
   */
  public List<String> expired(long time, long retentionMillis) {
    List<String> ids = new ArrayList<>();
    for (SilenceRule rule : silences.values()) {
      if (rule.endsAt() <= time - retentionMillis) {
        ids.add(rule.id());
      }
    }
    return ids;
  }

  public void remove(String id) {
    silences.remove(id);
  }

  public Collection<SilenceRule> all() {
    return silences.values();
  }

  public int size() {
    return silences.size();
  }

  public boolean isEmpty() {
    return silences.isEmpty();
  }
}
