/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded local stack: a KRaft Kafka broker inside this JVM, and the Apicurio schema registry
 * and an Elasticsearch node as child processes, all with their data under one directory.
 *
 * <p>Servers start in parallel (Kafka here, the two child processes on their own), which keeps a
 * cold start on two cores well under a minute. The stack stops on {@link #close()}, on Ctrl-C
 * (shutdown hook) and, for the child processes, when this JVM dies in any other way.
 */
public final class EmbeddedStack implements QuellStack {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

  private final StackOptions options;
  private final FileLock lock;
  private final EmbeddedKafka kafka;
  private final ApicurioRegistry registry;
  private final EmbeddedElasticsearch elasticsearch;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private EmbeddedStack(
      StackOptions options,
      FileLock lock,
      EmbeddedKafka kafka,
      ApicurioRegistry registry,
      EmbeddedElasticsearch elasticsearch) {
    this.options = options;
    this.lock = lock;
    this.kafka = kafka;
    this.registry = registry;
    this.elasticsearch = elasticsearch;
    this.shutdownHook = new Thread(this::close, "quell-stack-shutdown");
  }

  /** {@link #start(StackOptions, Collection, Consumer)} that reports progress to the log. */
  public static EmbeddedStack start(StackOptions options, Collection<TopicSpec> topics)
      throws IOException {
    return start(options, topics, LOG::info);
  }

  /**
   * Starts the stack, creates {@code topics} and returns once every server is ready.
   *
   * @param progress receives one line per step (for a command line, print them)
   * @throws IOException when a server does not start; whatever did start is stopped again
   */
  public static EmbeddedStack start(
      StackOptions requested, Collection<TopicSpec> topics, Consumer<String> progress)
      throws IOException {
    StackOptions options = requested.resolvePorts();
    Path dir = options.dataDir().toAbsolutePath();
    FileLock lock = StackState.lock(dir);
    Distributions dists = null;
    EmbeddedKafka kafka = null;
    ApicurioRegistry registry = null;
    EmbeddedElasticsearch elasticsearch = null;
    if (options.services().contains(StackOptions.Service.KAFKA)) {
      kafka =
          new EmbeddedKafka(
              dir.resolve("kafka"),
              options.host(),
              options.kafkaPort(),
              options.kafkaControllerPort());
    }
    if (options.services().contains(StackOptions.Service.SCHEMA_REGISTRY)) {
      dists = Distributions.locate(options.distributions());
      registry =
          new ApicurioRegistry(
              dir.resolve("registry"),
              dists.apicurio(),
              options.host(),
              options.registryPort(),
              options.registryManagementPort());
    }
    if (options.services().contains(StackOptions.Service.ELASTICSEARCH)) {
      dists = dists != null ? dists : Distributions.locate(options.distributions());
      elasticsearch =
          new EmbeddedElasticsearch(
              dir.resolve("elasticsearch"),
              dists.elasticsearch(),
              options.host(),
              options.elasticsearchPort(),
              options.elasticsearchTransportPort(),
              options.elasticsearchHeap());
    }
    EmbeddedStack stack = new EmbeddedStack(options, lock, kafka, registry, elasticsearch);
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    try {
      stack.startAll(topics, progress);
    } catch (IOException | RuntimeException e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  private void startAll(Collection<TopicSpec> topics, Consumer<String> progress)
      throws IOException {
    long t0 = System.nanoTime();
    Duration timeout = options.startTimeout();
    List<CompletableFuture<Void>> children = new ArrayList<>();
    if (registry != null) {
      progress.accept("starting schema registry (Apicurio) on port " + options.registryPort());
      children.add(
          CompletableFuture.runAsync(
              () -> {
                startUnchecked(() -> registry.start(timeout));
                progress.accept("schema registry ready: " + registry.confluentUrl() + since(t0));
              }));
    }
    if (elasticsearch != null) {
      progress.accept("starting Elasticsearch on port " + options.elasticsearchPort());
      children.add(
          CompletableFuture.runAsync(
              () -> {
                startUnchecked(() -> elasticsearch.start(timeout));
                progress.accept("Elasticsearch ready: " + elasticsearch.url() + since(t0));
              }));
    }
    if (kafka != null) {
      progress.accept("starting Kafka (KRaft) on port " + options.kafkaPort());
      kafka.start();
      if (!topics.isEmpty()) {
        kafka.createTopics(topics);
        progress.accept("created " + topics.size() + " topics");
      }
      progress.accept("Kafka ready: " + kafka.bootstrapServers() + since(t0));
    }
    try {
      CompletableFuture.allOf(children.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      Throwable cause =
          e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw e;
    }
    state().write(options.dataDir().toAbsolutePath());
    progress.accept("stack ready" + since(t0));
  }

  private interface Starter {
    void start() throws IOException;
  }

  private static void startUnchecked(Starter starter) {
    try {
      starter.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String since(long t0) {
    return String.format(" (%.1f s)", (System.nanoTime() - t0) / 1e9);
  }

  /** What {@code quell stack status} shows. */
  public StackState state() {
    List<Long> pids = new ArrayList<>();
    if (registry != null) {
      pids.add(registry.pid());
    }
    if (elasticsearch != null) {
      pids.add(elasticsearch.pid());
    }
    return new StackState(
        ProcessHandle.current().pid(),
        kind(),
        kafka == null ? null : bootstrapServers(),
        registry == null ? null : schemaRegistryUrl(),
        elasticsearch == null ? null : elasticsearchUrl(),
        options.dataDir().toAbsolutePath().toString(),
        Instant.now().toString(),
        pids);
  }

  public StackOptions options() {
    return options;
  }

  @Override
  public String bootstrapServers() {
    requireService(kafka, "Kafka");
    return kafka.bootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    requireService(registry, "the schema registry");
    return registry.confluentUrl();
  }

  @Override
  public String elasticsearchUrl() {
    requireService(elasticsearch, "Elasticsearch");
    return elasticsearch.url();
  }

  private static void requireService(Object service, String name) {
    if (service == null) {
      throw new IllegalStateException(
          name + " is not part of this stack (see quell.stack.services)");
    }
  }

  @Override
  public String kind() {
    return "embedded";
  }

  @Override
  public void createTopics(Collection<TopicSpec> topics) {
    requireService(kafka, "Kafka");
    kafka.createTopics(topics);
  }

  /** Blocks until the stack is closed (by Ctrl-C, {@code quell stack down} or another thread). */
  public void awaitClosed() throws InterruptedException {
    synchronized (this) {
      while (!closed) {
        wait();
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    LOG.info("stopping the stack on {}", options.dataDir().toAbsolutePath());
    // Clients of Kafka may live in the servers that stop first: stop the servers in parallel.
    CompletableFuture<Void> es =
        CompletableFuture.runAsync(() -> closeQuietly(elasticsearch, "Elasticsearch"));
    CompletableFuture<Void> reg =
        CompletableFuture.runAsync(() -> closeQuietly(registry, "schema registry"));
    closeQuietly(kafka, "Kafka");
    CompletableFuture.allOf(es, reg).join();
    StackState.delete(options.dataDir().toAbsolutePath());
    try {
      lock.release();
      lock.channel().close();
    } catch (IOException e) {
      LOG.debug("releasing the stack lock", e);
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // Already shutting down.
      }
    }
    synchronized (this) {
      notifyAll();
    }
    LOG.info("stack stopped");
  }

  private static void closeQuietly(AutoCloseable c, String what) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("error while stopping {}", what, e);
    }
  }
}
