/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 fixture: one stack per test run (per test JVM), shared by every test class that uses
 * {@code @ExtendWith(QuellStackExtension.class)} and asks for a {@link QuellStack} parameter (in a
 * constructor, a {@code @BeforeAll} or a test method). Tests share it, so each uses its own topic
 * names, subjects and indices.
 *
 * <p>Which stack: {@code -Dquell.stack=embedded} (default; what CI uses) or {@code
 * -Dquell.stack=containers} (Testcontainers; falls back to embedded, with one log line, where no
 * Docker engine answers). The embedded stack keeps its data in {@code -Dquell.stack.dir} (wiped at
 * start; the build sets it under {@code target/}) and picks free ports.
 */
public final class QuellStackExtension implements ParameterResolver {
  private static final Logger LOG = LoggerFactory.getLogger(QuellStackExtension.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(QuellStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == QuellStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(QuellStack.class, k -> startStack(), QuellStack.class);
  }

  private static QuellStack startStack() {
    if (chooseKind(System.getProperty("quell.stack"), ContainerStack::dockerAvailable)
        .equals("containers")) {
      LOG.info("starting the Quell stack with Testcontainers");
      return ContainerStack.start();
    }
    Path dir = Path.of(System.getProperty("quell.stack.dir", "target/quell-stack"));
    try {
      deleteRecursively(dir);
      StackOptions options = StackOptions.fromSystemProperties(StackOptions.forTests(dir));
      return EmbeddedStack.start(options, List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start the embedded Quell stack: " + e.getMessage(), e);
    }
  }

  /**
   * Which stack to run for the {@code quell.stack} property: "containers" only when asked for and a
   * Docker engine answers (else one log line says so), "embedded" otherwise.
   */
  static String chooseKind(String property, java.util.function.BooleanSupplier dockerAvailable) {
    String choice = property == null || property.isBlank() ? "embedded" : property.trim();
    switch (choice) {
      case "embedded":
        return "embedded";
      case "containers":
        if (dockerAvailable.getAsBoolean()) {
          return "containers";
        }
        LOG.warn("quell.stack=containers but no Docker engine answers: using the embedded stack");
        return "embedded";
      default:
        throw new ParameterResolutionException(
            "quell.stack must be 'embedded' or 'containers', got '" + choice + "'");
    }
  }

  /** Deletes {@code dir}; a symbolic link inside it is deleted together with what it points to. */
  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isSymbolicLink() && Files.isDirectory(file)) {
              // The embedded Elasticsearch may live elsewhere (see EmbeddedElasticsearch).
              deleteRecursively(file.toRealPath());
            }
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
