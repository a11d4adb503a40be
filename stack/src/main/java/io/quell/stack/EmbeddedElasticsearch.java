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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single Elasticsearch node as a child process, with config, data, logs and temp files under one
 * run directory, so a restart on the same directory keeps every index.
 *
 * <p>Elasticsearch refuses to run as root, and CI runs as root: then the node runs as user nobody,
 * and the run directory is handed to nobody.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedElasticsearch.class);

  /** Where the node lives when running as nobody and nobody cannot reach the data directory. */
  static final Path NOBODY_BASE = Path.of("/var/tmp/quell-elasticsearch");

  private final Path dir;
  private Path distribution;
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
    boolean asNobody = isRoot();
    Path dir = asNobody ? reachableByNobody(this.dir) : this.dir;
    Path config = dir.resolve("config");
    Path data = dir.resolve("data");
    Path logs = dir.resolve("logs");
    Path tmp = dir.resolve("tmp");
    for (Path p : List.of(config, data, logs, tmp)) {
      Files.createDirectories(p);
    }
    copyConfig(distribution.resolve("config"), config);
    Files.writeString(config.resolve("elasticsearch.yml"), settings(data, logs));
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

  /**
   * Returns a run directory user nobody can reach. When {@code wanted} lies below a directory
   * nobody may not enter (a checkout under /root, say), the node lives under {@link #NOBODY_BASE}
   * instead, with a symbolic link from {@code wanted}, and the distribution is copied there too.
   */
  private Path reachableByNobody(Path wanted) throws IOException {
    Path abs = wanted.toAbsolutePath();
    if (Files.isSymbolicLink(abs)) {
      abs = abs.toRealPath();
    }
    if (!othersCanTraverse(abs.getParent()) || !othersCanTraverse(distribution)) {
      Path base = NOBODY_BASE.resolve(Integer.toHexString(abs.toString().hashCode()));
      Files.createDirectories(base.resolve("run"));
      othersMayEnter(NOBODY_BASE);
      othersMayEnter(base);
      if (!othersCanTraverse(distribution)) {
        Path copy = base.resolve(distribution.getFileName());
        if (!Files.exists(copy.resolve("bin/elasticsearch"))) {
          LOG.info("copying Elasticsearch to {}, where user nobody can read it", copy);
          copyTree(distribution, copy);
          copy.resolve("bin").toFile().setExecutable(true, false);
          try (Stream<Path> bins = Files.list(copy.resolve("bin"))) {
            bins.forEach(b -> b.toFile().setExecutable(true, false));
          }
        }
        distribution = copy;
      }
      Path run = base.resolve("run");
      if (!Files.exists(wanted, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(wanted.toAbsolutePath().getParent());
        Files.createSymbolicLink(wanted.toAbsolutePath(), run);
      }
      LOG.info("user nobody cannot reach {}: Elasticsearch runs in {}", abs, run);
      return run;
    }
    return abs;
  }

  /** True when every directory from the root down to {@code path} has the others-execute bit. */
  private static boolean othersCanTraverse(Path path) throws IOException {
    for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)
          && !Files.getPosixFilePermissions(p)
              .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
        return false;
      }
    }
    return true;
  }

  private static void othersMayEnter(Path dir) throws IOException {
    java.util.Set<java.nio.file.attribute.PosixFilePermission> perms =
        new java.util.HashSet<>(Files.getPosixFilePermissions(dir));
    perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
    perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
    Files.setPosixFilePermissions(dir, perms);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
          othersMayEnter(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
          target.toFile().setReadable(true, false);
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
