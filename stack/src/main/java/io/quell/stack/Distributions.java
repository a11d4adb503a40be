/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the unpacked Elasticsearch and Apicurio distributions are. The stack module's build unpacks
 * them under {@code stack/target/distributions}; the launcher looks, in order, at an explicit path,
 * the system property {@code quell.distributions}, the environment variable {@code
 * QUELL_DISTRIBUTIONS}, and {@code stack/target/distributions} in the working directory or above.
 */
public record Distributions(Path root) {
  static final String ELASTICSEARCH_VERSION;
  static final String APICURIO_VERSION;
  static final String HINT =
      " (build the project first: `mvn -pl stack -am package -DskipTests`, or set"
          + " -Dquell.distributions / QUELL_DISTRIBUTIONS to the unpacked distributions)";

  static {
    Properties versions = new Properties();
    try (InputStream in = Distributions.class.getResourceAsStream("distributions.properties")) {
      versions.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("distributions.properties missing from the stack jar", e);
    }
    ELASTICSEARCH_VERSION = versions.getProperty("elasticsearch.version");
    APICURIO_VERSION = versions.getProperty("apicurio.version");
  }

  /** Finds the distributions folder; {@code explicit} may be null. */
  public static Distributions locate(Path explicit) {
    if (explicit != null) {
      return new Distributions(explicit);
    }
    String property = System.getProperty("quell.distributions");
    if (property != null && !property.isBlank()) {
      return new Distributions(Path.of(property));
    }
    String env = System.getenv("QUELL_DISTRIBUTIONS");
    if (env != null && !env.isBlank()) {
      return new Distributions(Path.of(env));
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("stack/target/distributions");
      if (Files.isDirectory(candidate)) {
        return new Distributions(candidate);
      }
      dir = dir.getParent();
    }
    throw new UncheckedIOException(
        new IOException("cannot find the unpacked server distributions" + HINT));
  }

  public Path elasticsearch() {
    return root.resolve("elasticsearch-" + ELASTICSEARCH_VERSION);
  }

  public Path apicurio() {
    return root.resolve("apicurio-registry-" + APICURIO_VERSION);
  }
}
