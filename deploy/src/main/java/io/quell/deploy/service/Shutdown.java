/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a service command in the foreground until Ctrl-C (SIGINT) or SIGTERM, then closes what it
 * started, in reverse order, before the JVM exits.
 */
public final class Shutdown {
  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private Shutdown() {}

  /** Blocks until the JVM is asked to stop; {@code resources} are closed last-first. */
  public static void awaitThenClose(AutoCloseable... resources) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              for (int i = resources.length - 1; i >= 0; i--) {
                try {
                  if (resources[i] != null) {
                    resources[i].close();
                  }
                } catch (Exception e) {
                  LOG.warn("error while stopping {}", resources[i], e);
                }
              }
              closed.countDown();
            },
            "quell-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    closed.await();
  }
}
