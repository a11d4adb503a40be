/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.quell.remediate.runbook.RunbookEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /actions} on the status server: {@code GET /actions/pending} lists the steps waiting for
 * approval, {@code POST /actions/<action id>/approve} and {@code .../reject} (optional JSON body
 * {@code {"by": "alice", "reason": "..."}}) decide one: 202 when the decision was written to
 * quell.approvals, 404 when no step waits under that id, 503 while the runbook engine is not
 * running here.
 */
final class ApprovalEndpoint implements HttpHandler {

  /** The steps waiting for approval as the runbook engine's state has them. */
  interface PendingSteps {
    /** Action id → description; throws IllegalStateException while not queryable. */
    List<Map<String, Object>> list();
  }

  private static final Logger LOG = LoggerFactory.getLogger(ApprovalEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PendingSteps pending;
  private final Supplier<Approvals> approvals;

  ApprovalEndpoint(PendingSteps pending, Supplier<Approvals> approvals) {
    this.pending = pending;
    this.approvals = approvals;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        answer(exchange);
      } catch (IllegalStateException e) {
        respondQuietly(exchange, 503, Map.of("error", String.valueOf(e.getMessage())));
      } catch (RuntimeException e) {
        LOG.error("Could not answer {}", exchange.getRequestURI(), e);
        respondQuietly(exchange, 500, Map.of("error", String.valueOf(e)));
      }
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    {
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/actions/pending") || path.equals("/actions/pending/")) {
        if (!method.equals("GET")) {
          respond(exchange, 405, Map.of("error", "use GET"));
          return;
        }
        respond(exchange, 200, Map.of("pending", pending.list()));
        return;
      }
      int slash = path.lastIndexOf('/');
      String verb = path.substring(slash + 1);
      if (!path.startsWith("/actions/")
          || slash <= "/actions".length()
          || !(verb.equals("approve") || verb.equals("reject"))) {
        respond(
            exchange,
            404,
            Map.of(
                "error",
                "unknown path; use GET /actions/pending or POST /actions/<action id>/approve|reject"));
        return;
      }
      if (!method.equals("POST")) {
        respond(exchange, 405, Map.of("error", "use POST"));
        return;
      }
      String actionId =
          URLDecoder.decode(path.substring("/actions/".length(), slash), StandardCharsets.UTF_8);
      JsonNode body;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] bytes = in.readAllBytes();
        body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
      } catch (IOException e) {
        respond(
            exchange, 400, Map.of("error", "the body must be JSON: {\"by\": …, \"reason\": …}"));
        return;
      }
      boolean waiting =
          pending.list().stream().anyMatch(step -> actionId.equals(step.get("actionId")));
      if (!waiting) {
        respond(
            exchange, 404, Map.of("error", "no step waits for approval under the id " + actionId));
        return;
      }
      RunbookEngine.Decision decision =
          new RunbookEngine.Decision(
              actionId,
              verb.equals("approve"),
              body.path("by").asText(null),
              body.path("reason").asText(null));
      approvals.get().publish(decision);
      LOG.info("{} of {} by {} written", verb, actionId, decision.by());
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("actionId", actionId);
      answer.put("decision", verb);
      answer.put("by", decision.by());
      respond(exchange, 202, answer);
    }
  }

  private static void respondQuietly(HttpExchange exchange, int status, Map<String, ?> body) {
    try {
      respond(exchange, status, body);
    } catch (IOException e) {
      LOG.debug("Could not answer {}", exchange.getRequestURI(), e);
    }
  }

  private static void respond(HttpExchange exchange, int status, Map<String, ?> body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
