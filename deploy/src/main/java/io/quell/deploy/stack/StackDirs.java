/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removing the data directory of a throw-away local stack. */
public final class StackDirs {
  private static final Logger LOG = LoggerFactory.getLogger(StackDirs.class);

  private StackDirs() {}

  /**
   * Deletes {@code dir} and everything under it. A symbolic link to a directory is followed: the
   * stack may have moved Elasticsearch's data elsewhere (see EmbeddedStack) and left a link.
   */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        if (Files.isSymbolicLink(p) && Files.isDirectory(p)) {
          deleteTree(p.toRealPath());
        }
        Files.delete(p);
      }
    }
  }

  /** {@link #deleteTree}, logging instead of failing. */
  public static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", dir, e.toString());
    }
  }
}
