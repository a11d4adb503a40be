/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest;

import io.quell.schemas.config.ConfigOption;
import java.util.List;

/** Renders options as the Markdown table of the configuration reference. */
public final class OptionsTable {

  private OptionsTable() {}

  public static String render(List<ConfigOption<?>> options) {
    StringBuilder table = new StringBuilder();
    table.append("| key | default | description |\n");
    table.append("|---|---|---|\n");
    for (ConfigOption<?> option : options) {
      table
          .append("| `")
          .append(option.key())
          .append("` | ")
          .append(defaultOf(option))
          .append(" | ")
          .append(option.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return table.toString();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static String defaultOf(ConfigOption<?> option) {
    Object value = option.defaultValue();
    if (value == null) {
      return "(required)";
    }
    String text = ((ConfigOption) option).format(value);
    return text.isEmpty() ? "(empty)" : "`" + text + "`";
  }
}
