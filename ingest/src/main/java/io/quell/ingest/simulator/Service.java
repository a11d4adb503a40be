/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One simulated service.
 *
 * @param name unique name, also the log key and the {@code service} label
 * @param tier its role
 */
public record Service(String name, Tier tier) {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}");

  public Service {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tier, "tier");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Service name '"
              + name
              + "' must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit");
    }
  }
}
