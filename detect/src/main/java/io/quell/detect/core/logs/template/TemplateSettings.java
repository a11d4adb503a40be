/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import java.io.Serializable;

/**
 * Settings of the {@link TemplateMiner}: one set for every kind of log.
 *
 * @param maxTemplates templates kept; when a new one would exceed it, the one matched least
 *     recently is forgotten (its id comes back unchanged if its messages return)
 * @param similarity share of positions at which a message must agree with a template of its length
 *     (a wildcard agrees with anything) to join it
 * @param maxTokens tokens kept per message; the rest becomes one last token
 * @param maxTokenLength tokens longer than this are masked whole
 * @param cacheSize masked messages remembered with their template, so that a repeated form is
 *     assigned without comparing it with any template (cleared when full)
 */
public record TemplateSettings(
    int maxTemplates, double similarity, int maxTokens, int maxTokenLength, int cacheSize)
    implements Serializable {

  public TemplateSettings {
    if (maxTemplates < 1 || maxTokens < 1 || maxTokenLength < 1 || cacheSize < 0) {
      throw new IllegalArgumentException("maxTemplates, maxTokens and maxTokenLength must be >= 1");
    }
    if (!(similarity > 0 && similarity <= 1)) {
      throw new IllegalArgumentException("similarity must be in (0, 1]");
    }
  }

  /** The defaults: one setting for every log, chosen on loghub-dev (see detect/README.md). */
  public static TemplateSettings defaults() {
    return new TemplateSettings(10_000, 0.8, 128, 256, 65_536);
  }

  public TemplateSettings withMaxTemplates(int value) {
    return new TemplateSettings(value, similarity, maxTokens, maxTokenLength, cacheSize);
  }

  public TemplateSettings withSimilarity(double value) {
    return new TemplateSettings(maxTemplates, value, maxTokens, maxTokenLength, cacheSize);
  }
}
