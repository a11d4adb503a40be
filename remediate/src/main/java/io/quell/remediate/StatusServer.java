/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The small HTTP server of the service: {@code /metrics} in the Prometheus formats, {@code
 * /healthz}, which answers 200 while every component is healthy and 503 otherwise, with a JSON body
 * naming each component's state, and the further handlers the service mounts (the approval endpoint
 * on {@code /actions/} while the runbook engine runs).
 */
final class StatusServer implements AutoCloseable {

  /** One component as /healthz shows it. */
  record ComponentHealth(boolean healthy, String state) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;

  StatusServer(
      String host,
      int port,
      PrometheusRegistry registry,
      Supplier<Map<String, ComponentHealth>> health)
      throws IOException {
    this(host, port, registry, health, Map.of());
  }

  /** With further handlers, by path prefix (for example the approval endpoint on /actions/). */
  StatusServer(
      String host,
      int port,
      PrometheusRegistry registry,
      Supplier<Map<String, ComponentHealth>> health,
      Map<String, HttpHandler> handlers)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 16);
    executor = Executors.newFixedThreadPool(2, runnable -> daemon(runnable));
    server.setExecutor(executor);
    server.createContext("/metrics", new MetricsHandler(registry));
    server.createContext("/healthz", exchange -> respondHealth(exchange, health.get()));
    handlers.forEach(server::createContext);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respondHealth(HttpExchange exchange, Map<String, ComponentHealth> health)
      throws IOException {
    try (exchange) {
      boolean healthy = health.values().stream().allMatch(ComponentHealth::healthy);
      ObjectNode body = JSON.createObjectNode();
      body.put("status", healthy ? "UP" : "DOWN");
      ObjectNode components = body.putObject("components");
      health.forEach(
          (name, component) -> {
            ObjectNode node = components.putObject(name);
            node.put("healthy", component.healthy());
            node.put("state", component.state());
          });
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(healthy ? 200 : 503, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "quell-remediate-status");
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
