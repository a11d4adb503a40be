/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;

/** The JSON bodies the intake answers with. */
final class JsonBodies {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String CONTENT_TYPE = "application/json";

  private JsonBodies() {}

  /** {@code {"error": "<code>", "message": "..."}}, the shape of every error answer. */
  static ObjectNode error(String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", code);
    body.put("message", message);
    return body;
  }

  /** The error code for a status without a more specific one, e.g. {@code not_found}. */
  static String codeOf(int status) {
    String reason = HttpStatus.getMessage(status);
    if (reason == null || reason.isBlank()) {
      return "http_" + status;
    }
    return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  static byte[] bytes(ObjectNode body) {
    try {
      return JSON.writeValueAsString(body).concat("\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree could not be written", e);
    }
  }
}
