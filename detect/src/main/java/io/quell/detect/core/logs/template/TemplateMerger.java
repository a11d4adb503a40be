/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Merge pass over learned templates (placeholder: identity). */
public final class TemplateMerger {
  private TemplateMerger() {}

  /** A group of templates: the id it is known by and its text. */
  public record Group(String id, String template) {}

  public static Map<String, Group> merge(Collection<MinedTemplate> templates) {
    Map<String, Group> groups = new LinkedHashMap<>();
    for (MinedTemplate t : templates) {
      groups.put(t.getId(), new Group(t.getId(), t.text()));
    }
    return groups;
  }
}
