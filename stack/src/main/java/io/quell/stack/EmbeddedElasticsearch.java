/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A single Elasticsearch node as a child process, with config, data, logs and temp files under one
 * run directory, so a restart on the same directory keeps every index.
 *
 * <p>Elasticsearch refuses to run as root, and CI runs as root: then the node runs as user nobody,
 * and the run directory is handed to nobody.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {
  private final Path dir;
  private final Path distribution;
  private final String host;
  private final int port;
  private final int transportPort;
  private final String heap;
  private ChildProcess process;

  /**
   * @param heap JVM heap for the node, e.g. {@code 512m}
   */
  public EmbeddedElasticsearch(
      Path dir, Path distribution, String host, int port, int transportPort, String heap) {
    this.dir = dir;
    this.distribution = distribution;
    this.host = host;
    this.port = port;
    this.transportPort = transportPort;
    this.heap = heap;
  }

  /** Starts the node and waits until the cluster is at least yellow. */
  public synchronized EmbeddedElasticsearch start(Duration timeout) throws IOException {
    if (process != null && process.isAlive()) {
      return this;
    }
    Path launcher = distribution.resolve("bin/elasticsearch");
    if (!Files.isRegularFile(launcher)) {
      throw new IOException("Elasticsearch not found at " + distribution + Distributions.HINT);
    }
    launcher.toFile().setExecutable(true, false);
    Path config = dir.resolve("config");
    Path data = dir.resolve("data");
    Path logs = dir.resolve("logs");
    Path tmp = dir.resolve("tmp");
    for (Path p : List.of(config, data, logs, tmp)) {
      Files.createDirectories(p);
    }
    copyConfig(distribution.resolve("config"), config);
    Files.writeString(config.resolve("elasticsearch.yml"), settings(data, logs));
    boolean asNobody = isRoot();
    if (asNobody) {
      handToNobody(dir);
    }
    Map<String, String> env =
        Map.of(
            "ES_JAVA_HOME", System.getProperty("java.home"),
            "ES_PATH_CONF", config.toAbsolutePath().toString(),
            "ES_TMPDIR", tmp.toAbsolutePath().toString(),
            "ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
    process =
        ChildProcess.start(
            "Elasticsearch",
            List.of(launcher.toAbsolutePath().toString()),
            dir,
            env,
            dir.resolve("elasticsearch.log"),
            asNobody);
    HttpProbe.await(
        "Elasticsearch",
        () ->
            HttpProbe.answers(
                url() + "/_cluster/health?wait_for_status=yellow&timeout=1s",
                Duration.ofSeconds(3)),
        process,
        timeout);
    return this;
  }

  public String url() {
    return "http://" + host + ":" + port;
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  private String settings(Path data, Path logs) {
    return String.join(
            "\n",
            "# Written by the Quell embedded stack at every start.",
            "cluster.name: quell-local",
            "node.name: quell-local-1",
            "path.data: " + data.toAbsolutePath(),
            "path.logs: " + logs.toAbsolutePath(),
            "network.host: " + host,
            "http.port: " + port,
            "transport.port: " + transportPort,
            "discovery.type: single-node",
            "xpack.security.enabled: false",
            // A developer disk that is 90 % full must not turn every index read-only.
            "cluster.routing.allocation.disk.threshold_enabled: false",
            "action.destructive_requires_name: false")
        + "\n";
  }

  /** The distribution's config (jvm.options, log4j2) is copied so the node can write beside it. */
  private static void copyConfig(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void handToNobody(Path root) throws IOException {
    UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal nobody = lookup.lookupPrincipalByName("nobody");
    GroupPrincipal nogroup = lookup.lookupPrincipalByGroupName("nogroup");
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            own(d);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
            own(f);
            return FileVisitResult.CONTINUE;
          }

          private void own(Path p) throws IOException {
            PosixFileAttributeView view =
                Files.getFileAttributeView(p, PosixFileAttributeView.class);
            view.setOwner(nobody);
            view.setGroup(nogroup);
          }
        });
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(30));
      process = null;
    }
  }
}
