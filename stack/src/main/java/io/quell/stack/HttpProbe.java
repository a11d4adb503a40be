/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Readiness checks over plain HTTP. */
final class HttpProbe {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpProbe() {}

  /** True when a GET of {@code url} answers 2xx within {@code timeout}. */
  static boolean answers(String url, Duration timeout) {
    try {
      HttpResponse<Void> response =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() / 100 == 2;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Polls {@code ready} until it holds, the process died ({@code alive} false) or {@code timeout}
   * passed.
   *
   * @throws IOException when the server died or did not get ready in time
   */
  static void await(String what, BooleanSupplier ready, ChildProcess process, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.getAsBoolean()) {
        return;
      }
      if (!process.isAlive()) {
        throw new IOException(
            what
                + " exited during start-up; last lines of "
                + process.logFile()
                + ":\n"
                + process.logTail(30));
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + what, e);
      }
    }
    throw new IOException(
        what
            + " was not ready within "
            + timeout.toSeconds()
            + " s; last lines of "
            + process.logFile()
            + ":\n"
            + process.logTail(30));
  }
}
