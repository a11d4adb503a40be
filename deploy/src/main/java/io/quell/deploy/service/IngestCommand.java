/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.deploy.config.ConfigMixin;
import io.quell.ingest.http.IntakeServer;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quell ingest}: everything that puts events into Kafka. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Put events into Kafka: the HTTP intake, log files, and the intake's benchmark.",
    subcommands = {IngestCommand.Serve.class, IngestFileCommand.class, IngestBenchCommand.class})
public final class IngestCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code quell ingest serve}: the HTTP intake. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Run the HTTP intake: POST /api/v1/logs and /api/v1/metrics (JSON), /api/v1/prometheus/write"
            + " (remote_write), /v1/logs and /v1/metrics (OTLP/HTTP), /api/v1/alertmanager (webhook);"
            + " GET /metrics, /healthz, /readyz.",
        "Answers 2xx only after Kafka acknowledged the records, 503 with Retry-After when it cannot.",
        "Listens on quell.ingest.host:quell.ingest.port (default 127.0.0.1:8090). Stops on Ctrl-C."
      })
  public static final class Serve implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigMixin config;

    @Override
    public Integer call() throws Exception {
      Map<String, String> settings = config.load();
      IntakeServer intake = new IntakeServer(settings);
      intake.start();
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "Intake listening on "
              + intake.uri()
              + " (Kafka "
              + settings.getOrDefault("bootstrap.servers", "127.0.0.1:9092")
              + "). Ctrl-C stops.");
      out.println(
          "  curl -XPOST "
              + intake.uri().resolve("/api/v1/logs")
              + " -H 'Content-Type: application/json' -d '{\"timestamp\":\"2026-01-01T00:00:00Z\",\"service\":\"api\",\"level\":\"ERROR\",\"message\":\"boom\"}'");
      out.flush();
      Shutdown.awaitThenClose(intake);
      return 0;
    }
  }
}
