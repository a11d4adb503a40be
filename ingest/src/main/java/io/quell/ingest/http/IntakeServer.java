/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import io.quell.ingest.IngestOptions;
import io.quell.ingest.intake.RecordLimits;
import io.quell.ingest.publish.KafkaRecordPublisher;
import io.quell.ingest.publish.RecordPublisher;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP intake: takes logs, metrics and Alertmanager webhooks as JSON, Prometheus remote_write
 * and OTLP/HTTP logs and metrics, and publishes them to the Quell topics, answering only once Kafka
 * has acknowledged every accepted record. Requires a bearer token when {@code
 * quell.ingest.auth.tokens-file} or {@code quell.ingest.auth.tokens} names one. Also serves {@code
 * /metrics} (Prometheus), {@code /healthz} and {@code /readyz}. See {@code ingest/README.md} for
 * the API.
 *
 * <pre>{@code
 * try (IntakeServer intake = new IntakeServer(config)) {
 *   int port = intake.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops taking requests, lets those in flight finish (up to {@code
 * quell.ingest.shutdown-timeout.ms}) and then flushes and closes the publisher.
 */
public final class IntakeServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeServer.class);

  /** Threads Jetty needs besides request handling (acceptor, selector, reserved). */
  private static final int JETTY_OWN_THREADS = 6;

  private final RecordPublisher publisher;
  private final Server server;
  private final ServerConnector connector;
  private final String host;
  private boolean closed;

  /** An intake publishing to the Kafka cluster and registry named in {@code config}. */
  public IntakeServer(Map<String, ?> config) {
    this(config, newPublisher(config));
  }

  private static RecordPublisher newPublisher(Map<String, ?> config) {
    return new KafkaRecordPublisher(config, "intake");
  }

  /**
   * An intake publishing through {@code publisher}, which it owns from now on and closes with
   * itself. Only the {@code quell.ingest.*} HTTP settings are read from {@code config}.
   */
  public IntakeServer(Map<String, ?> config, RecordPublisher publisher) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    BearerAuth auth;
    try {
      IngestOptions.validate(config);
      auth = BearerAuth.fromConfig(config);
    } catch (RuntimeException e) {
      publisher.close();
      throw e;
    }
    this.host = IngestOptions.HOST.read(config);
    int threads = IngestOptions.THREADS.read(config);
    Duration idleTimeout = IngestOptions.IDLE_TIMEOUT.read(config);

    QueuedThreadPool pool =
        new QueuedThreadPool(
            threads + JETTY_OWN_THREADS, Math.min(4, threads), (int) idleTimeout.toMillis());
    pool.setName("quell-intake");
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(IngestOptions.PORT.read(config));
    connector.setIdleTimeout(idleTimeout.toMillis());
    server.addConnector(connector);

    // A request must be able to wait for the producer to take its records and for the
    // acknowledgements; past that the answer is a 503, never a hang.
    Duration publishWaitLimit =
        IngestOptions.KAFKA_MAX_BLOCK
            .read(config)
            .plus(IngestOptions.KAFKA_DELIVERY_TIMEOUT.read(config))
            .plusSeconds(5);
    IntakeHandler.Settings settings =
        new IntakeHandler.Settings(
            IngestOptions.MAX_BODY_BYTES.read(config),
            IngestOptions.MAX_RECORD_BYTES.read(config),
            new RecordLimits(
                IngestOptions.MAX_LABELS_PER_SERIES.read(config),
                IngestOptions.MAX_LINE_BYTES.read(config),
                IngestOptions.MAX_RECORD_BYTES.read(config)),
            IngestOptions.RETRY_AFTER.read(config),
            publishWaitLimit);
    if (auth.enabled()) {
      LOG.info("HTTP intake requires a bearer token ({} configured)", auth.tokenCount());
    } else {
      LOG.info("HTTP intake has no authentication: no bearer token is configured");
    }
    IntakeHandler handler = new IntakeHandler(publisher, new IntakeMetrics(), settings, auth, pool);
    server.setHandler(new GracefulHandler(handler));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(IngestOptions.SHUTDOWN_TIMEOUT.read(config).toMillis());
    server.setStopAtShutdown(false);
  }

  /**
   * Starts listening.
   *
   * @return the port bound (the free port chosen when the configured port is 0)
   * @throws IllegalStateException when the server cannot start (port taken, for example)
   */
  public synchronized int start() {
    if (closed) {
      throw new IllegalStateException("The intake was closed");
    }
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw new IllegalStateException(
          "The intake could not listen on " + host + ":" + connector.getPort() + ": " + e, e);
    }
    LOG.info("HTTP intake listening on {}", uri());
    return port();
  }

  /** The port bound, or -1 before {@link #start()}. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Base URL of the intake, for example {@code http://127.0.0.1:8090}. */
  public URI uri() {
    String shownHost = host.equals("0.0.0.0") || host.isBlank() ? "127.0.0.1" : host;
    if (shownHost.contains(":")) {
      shownHost = "[" + shownHost + "]";
    }
    return URI.create("http://" + shownHost + ":" + port());
  }

  /** Stops gracefully; see the class comment. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("The HTTP intake did not stop cleanly: {}", e.toString());
    } finally {
      publisher.close();
    }
    LOG.info("HTTP intake stopped");
  }
}
