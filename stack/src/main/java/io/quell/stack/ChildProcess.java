/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server started as a child process, with its output in a log file, that dies with the JVM that
 * started it.
 *
 * <p>Why {@code setpriv --pdeathsig KILL}: shutdown hooks do not run when the launching JVM is
 * killed with SIGKILL or crashes, and a test run must never leave an Elasticsearch or registry
 * behind. The kernel delivers the parent-death signal when the thread that forked the child ends,
 * so all children are forked from one long-lived launcher thread that lives as long as the JVM.
 */
final class ChildProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

  /** One thread for every fork: the parent-death signal is tied to the forking thread. */
  private static final ExecutorService LAUNCHER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "quell-stack-launcher");
            t.setDaemon(true);
            return t;
          });

  private final String name;
  private final Process process;
  private final Path logFile;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code command} in {@code workDir}, appending stdout and stderr to {@code logFile}.
   *
   * @param runAsNobody run as user nobody (Elasticsearch refuses to run as root)
   */
  static ChildProcess start(
      String name,
      List<String> command,
      Path workDir,
      Map<String, String> env,
      Path logFile,
      boolean runAsNobody)
      throws IOException {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
      full.add("/usr/bin/setpriv");
      if (runAsNobody) {
        full.addAll(List.of("--reuid=nobody", "--regid=nogroup", "--clear-groups"));
      }
      // Applied after the uid change, so it survives it.
      full.add("--pdeathsig=KILL");
    } else if (runAsNobody) {
      throw new IOException(
          name + " must run as an unprivileged user, but /usr/bin/setpriv (util-linux) is missing");
    } else {
      LOG.warn("/usr/bin/setpriv is missing: {} will not stop if this JVM is killed", name);
    }
    full.addAll(command);
    Files.createDirectories(logFile.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(env);
    Future<Process> forked = LAUNCHER.submit(builder::start);
    Process process;
    try {
      process = forked.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IOException("could not start " + name + ": " + cause.getMessage(), cause);
    }
    LOG.info("started {} (pid {}), log: {}", name, process.pid(), logFile);
    return new ChildProcess(name, process, logFile);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path logFile() {
    return logFile;
  }

  /** The last lines of the log, for error messages when a server fails to start. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return String.join(
          System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, then SIGKILL for the whole process tree after {@code grace}. */
  void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} did not stop within {}; killing it", name, grace);
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    // A server may fork helpers (Elasticsearch's CLI forks the server JVM): none may outlive us.
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    LOG.info("stopped {}", name);
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }
}
