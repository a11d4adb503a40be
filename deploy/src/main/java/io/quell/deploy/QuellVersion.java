/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy;

import picocli.CommandLine.IVersionProvider;

/** Version line from the jar manifest (the Maven project version). */
public final class QuellVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = QuellVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "quell " + (version == null ? "(development build)" : version),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"
    };
  }
}
