/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link TemplateMiner} has learned, as a plain bean for Flink's POJO serializer: the
 * templates and the miner's message clock. The miner's lookup structures (templates by length, the
 * cache of masked messages) are not part of it: {@link TemplateMiner#restore} rebuilds them, so the
 * state is only as large as the templates (at most {@code maxTemplates} of at most {@code
 * maxTokens} tokens each).
 *
 * <p>In a Flink job keyed by service, this is one {@code ValueState<TemplateMinerState>} per
 * service, read into a miner when the key's first record arrives after a restore and written back
 * when the templates changed; template ids do not depend on the subtask or on arrival order, so
 * rescaling moves the state with the key and keeps every id.
 */
public class TemplateMinerState {
  private List<MinedTemplate> templates = new ArrayList<>();
  private long clock;

  public TemplateMinerState() {}

  public TemplateMinerState(List<MinedTemplate> templates, long clock) {
    this.templates = templates;
    this.clock = clock;
  }

  public List<MinedTemplate> getTemplates() {
    return templates;
  }

  public void setTemplates(List<MinedTemplate> templates) {
    this.templates = templates;
  }

  public long getClock() {
    return clock;
  }

  public void setClock(long clock) {
    this.clock = clock;
  }
}
