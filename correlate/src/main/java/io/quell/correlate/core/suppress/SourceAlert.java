/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert that may inhibit others, as the {@link Inhibitor} remembers it: its labels and the
 * intervals in which it fired. Public fields and a no-argument constructor make it a Flink POJO.
 *
 * <p>{@code starts.get(i)} to {@code ends.get(i)} is one firing interval (event time, end
 * exclusive); an interval without a resolution yet has the end {@link Long#MAX_VALUE} and counts as
 * firing until {@code heardAt} plus the quiet period, as the correlator resolves silent alerts.
 */
public class SourceAlert {
  public String fingerprint;
  public Map<String, String> labels = new HashMap<>();
  public List<Long> starts = new ArrayList<>();
  public List<Long> ends = new ArrayList<>();

  /** When it was last heard of: its event time, or just after the watermark for a late record. */
  public long heardAt;

  public SourceAlert() {}

  @Override
  public String toString() {
    return "SourceAlert[" + fingerprint + " " + starts + "-" + ends + "]";
  }
}
