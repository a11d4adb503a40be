/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.testing;

import com.sun.net.httpserver.HttpServer;
import io.quell.remediate.dispatch.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on the loopback address that records every request and answers with scripted
 * statuses (200 once the script is used up). Each recorded call carries the signature check made
 * with the secret the receiver was given, as a real receiver would make it.
 */
public final class RecordingWebhookReceiver implements AutoCloseable {

  /** One request as received. */
  public record Call(
      String method,
      String path,
      String idempotencyKey,
      String timestamp,
      String signature,
      String contentType,
      byte[] body,
      WebhookSignature.Verification verification,
      String authorization) {

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final WebhookSignature signature;

  private record Reply(int status, Duration delay) {}

  private final Deque<Reply> script = new ArrayDeque<>();
  private final java.util.Map<String, Deque<Reply>> pathScripts = new java.util.HashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  private RecordingWebhookReceiver(String secret) throws IOException {
    this.signature = new WebhookSignature(secret);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          try (exchange;
              InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String timestamp =
                exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
            String signed =
                exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
            calls.add(
                new Call(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.IDEMPOTENCY_KEY_HEADER),
                    timestamp,
                    signed,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body,
                    signature.verify(timestamp, signed, body, Instant.now()),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            Reply reply = nextReply(exchange.getRequestURI().getPath());
            if (!reply.delay().isZero()) {
              try {
                Thread.sleep(reply.delay().toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
            exchange.sendResponseHeaders(reply.status(), -1);
          }
        });
    server.start();
  }

  /** Starts a receiver that verifies signatures with {@code secret}. */
  public static RecordingWebhookReceiver start(String secret) throws IOException {
    return new RecordingWebhookReceiver(secret);
  }

  /** Answers the next requests with {@code statuses}, in order, then with 200. */
  public synchronized RecordingWebhookReceiver respondWith(Integer... statuses) {
    for (int status : statuses) {
      script.add(new Reply(status, Duration.ZERO));
    }
    return this;
  }

  /** Answers the next request with {@code status} only after {@code delay}. */
  public synchronized RecordingWebhookReceiver respondAfter(Duration delay, int status) {
    script.add(new Reply(status, delay));
    return this;
  }

  /** Answers the next requests to {@code path} with {@code statuses}, in order, then as before. */
  public synchronized RecordingWebhookReceiver respondOn(String path, Integer... statuses) {
    for (int status : statuses) {
      pathScripts
          .computeIfAbsent(path, p -> new ArrayDeque<>())
          .add(new Reply(status, Duration.ZERO));
    }
    return this;
  }

  /** Answers the next request to {@code path} with {@code status} only after {@code delay}. */
  public synchronized RecordingWebhookReceiver respondOnAfter(
      String path, Duration delay, int status) {
    pathScripts.computeIfAbsent(path, p -> new ArrayDeque<>()).add(new Reply(status, delay));
    return this;
  }

  private synchronized Reply nextReply(String path) {
    Deque<Reply> forPath = pathScripts.get(path);
    if (forPath != null && !forPath.isEmpty()) {
      return forPath.poll();
    }
    Reply next = script.poll();
    return next == null ? new Reply(200, Duration.ZERO) : next;
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
