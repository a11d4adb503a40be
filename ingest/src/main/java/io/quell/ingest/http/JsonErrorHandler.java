/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers by itself (a malformed request line, headers too large, a request
 * refused while shutting down) in the same JSON shape as the intake's own errors, never HTML.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonBodies.CONTENT_TYPE);
    response.write(
        true,
        ByteBuffer.wrap(JsonBodies.bytes(JsonBodies.error(JsonBodies.codeOf(code), text))),
        callback);
  }
}
