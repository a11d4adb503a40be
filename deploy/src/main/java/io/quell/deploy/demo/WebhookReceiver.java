/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP receiver for remediation webhooks, as {@code quell demo} runs one: it checks each
 * call's signature, answers 200 and records the call.
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

  /** Checks a call's signature from its headers (lower-case names) and body. */
  public interface SignatureCheck {
    boolean verify(Map<String, String> headers, byte[] body);
  }

  /**
   * One call as received.
   *
   * @param idempotencyKey the Idempotency-Key header
   * @param signatureValid whether the signature matched the shared secret
   */
  public record Call(
      Instant receivedAt,
      String path,
      String idempotencyKey,
      boolean signatureValid,
      String body) {}

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final SignatureCheck check;

  /** Starts on {@code port} of the loopback interface (0 = any free port). */
  public WebhookReceiver(int port, SignatureCheck check) throws IOException {
    this.check = check;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "quell-webhook-receiver");
              t.setDaemon(true);
              return t;
            }));
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new java.util.HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
      boolean valid = check.verify(headers, body);
      calls.add(
          new Call(
              Instant.now(),
              exchange.getRequestURI().getPath(),
              headers.get("idempotency-key"),
              valid,
              new String(body, StandardCharsets.UTF_8)));
      LOG.info(
          "webhook {} (idempotency key {}, signature {})",
          exchange.getRequestURI().getPath(),
          headers.get("idempotency-key"),
          valid ? "valid" : "INVALID");
      exchange.sendResponseHeaders(valid ? 200 : 401, -1);
    }
  }

  /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
