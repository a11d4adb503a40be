/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Apicurio schema registry as a child process, serving the Confluent Schema Registry API under
 * {@code /apis/ccompat/v7}. Its storage is an H2 file under the data directory, so a restart keeps
 * every schema and id.
 */
public final class ApicurioRegistry implements AutoCloseable {
  /** Path of the Confluent-compatible API below the server root. */
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  private final Path dir;
  private final Path distribution;
  private final String host;
  private final int port;
  private final int managementPort;
  private ChildProcess process;

  public ApicurioRegistry(Path dir, Path distribution, String host, int port, int managementPort) {
    this.dir = dir;
    this.distribution = distribution;
    this.host = host;
    this.port = port;
    this.managementPort = managementPort;
  }

  /**
   * Starts a private registry on free ports with its data under {@code workDir}; for tests that
   * need a registry they can stop (the shared one must stay up).
   */
  public static ApicurioRegistry start(Path workDir) throws IOException {
    ApicurioRegistry registry =
        new ApicurioRegistry(
            workDir,
            Distributions.locate(null).apicurio(),
            "127.0.0.1",
            Ports.free(),
            Ports.free());
    return registry.start(Duration.ofSeconds(120));
  }

  /** Starts the registry and waits until its Confluent-compatible API answers. */
  public synchronized ApicurioRegistry start(Duration timeout) throws IOException {
    if (process != null && process.isAlive()) {
      return this;
    }
    Files.createDirectories(dir);
    Path runner =
        distribution.resolve(
            "apicurio-registry-app-" + Distributions.APICURIO_VERSION + "-runner.jar");
    if (!Files.isRegularFile(runner)) {
      throw new IOException("Apicurio runner jar not found at " + runner + Distributions.HINT);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String h2 =
        "jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    List<String> command =
        List.of(
            java,
            "-Xms64m",
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dquarkus.http.host=" + host,
            "-Dquarkus.http.port=" + port,
            "-Dquarkus.management.host=" + host,
            "-Dquarkus.management.port=" + managementPort,
            "-Dquarkus.log.console.color=false",
            "-Dapicurio.rules.global.compatibility=BACKWARD",
            "-Dapicurio.storage.kind=sql",
            "-Dapicurio.storage.sql.kind=h2",
            "-Dapicurio.datasource.url=" + h2,
            "-Dapicurio.rest.deletion.group.enabled=true",
            "-Dapicurio.rest.deletion.artifact.enabled=true",
            "-Dapicurio.rest.deletion.artifact-version.enabled=true",
            "-jar",
            runner.toString());
    process =
        ChildProcess.start(
            "schema registry (Apicurio)",
            command,
            dir,
            Map.of(),
            dir.resolve("registry.log"),
            false);
    HttpProbe.await(
        "schema registry",
        () -> HttpProbe.answers(confluentUrl() + "/subjects", Duration.ofSeconds(2)),
        process,
        timeout);
    return this;
  }

  /** Base URL of the Confluent-compatible API. */
  public String confluentUrl() {
    return "http://" + host + ":" + port + CCOMPAT_PATH;
  }

  /** Root URL of the server (Apicurio's own API is under /apis/registry/v3). */
  public String url() {
    return "http://" + host + ":" + port;
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(20));
      process = null;
    }
  }
}
