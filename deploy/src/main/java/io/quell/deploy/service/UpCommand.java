/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.deploy.QuellTopicSpecs;
import io.quell.deploy.config.ConfigMixin;
import io.quell.deploy.pipeline.LocalPipeline;
import io.quell.stack.EmbeddedStack;
import io.quell.stack.StackOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quell up}: the whole pipeline on the embedded stack, waiting for real producers. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on the embedded local stack and wait for producers.",
      "Starts the stack (data in --dir), the HTTP intake, the detect and correlate jobs and the",
      "remediation service; prints where to send events. Stops cleanly on Ctrl-C.",
      "Settings (webhook URL and secret, detector thresholds...) come from --config/--set."
    })
public final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigMixin config;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "${QUELL_STACK_DIR:-.quell}",
      description = "Stack data directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--intake-port",
      defaultValue = "8090",
      description = "HTTP intake port (default: ${DEFAULT-VALUE}).")
  int intakePort;

  @Option(
      names = "--free-ports",
      description =
          "Use any free ports for the stack and the intake instead of the defaults"
              + " (9092, 8081, 9200, 8090...).")
  boolean freePorts;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> settings = new HashMap<>(config.load());
    out.println("Starting the local stack in " + dir.toAbsolutePath());
    out.flush();
    EmbeddedStack stack =
        EmbeddedStack.start(
            freePorts
                ? StackOptions.defaults().withDataDir(dir).withFreePorts()
                : StackOptions.defaults().withDataDir(dir),
            QuellTopicSpecs.of(io.quell.schemas.topic.Topics.fromConfig(settings)),
            line -> {
              out.println("  " + line);
              out.flush();
            });
    LocalPipeline pipeline;
    try {
      settings.put("bootstrap.servers", stack.bootstrapServers());
      settings.put("schema.registry.url", stack.schemaRegistryUrl());
      settings.put("elasticsearch.url", stack.elasticsearchUrl());
      settings.putIfAbsent("quell.ingest.port", freePorts ? "0" : String.valueOf(intakePort));
      if (freePorts) {
        settings.putIfAbsent("quell.remediate.metrics.port", "0");
      }
      pipeline =
          LocalPipeline.start(
              settings,
              dir.resolve("work"),
              line -> {
                out.println("  " + line);
                out.flush();
              });
    } catch (Exception e) {
      stack.close();
      throw e;
    }
    out.println();
    out.println("Quell is up.");
    out.println(
        "  Intake URL:              "
            + pipeline.intakeUri()
            + "  (JSON /api/v1/logs and /api/v1/metrics, remote_write /api/v1/prometheus/write,"
            + " OTLP /v1/logs and /v1/metrics, Alertmanager /api/v1/alertmanager)");
    out.println("  Kafka bootstrap servers: " + stack.bootstrapServers());
    out.println("  Schema registry URL:     " + stack.schemaRegistryUrl());
    out.println(
        "  Elasticsearch URL:       " + stack.elasticsearchUrl() + "  (index quell-incidents)");
    out.println(
        "  Remediation metrics:     http://127.0.0.1:"
            + pipeline.remediation().metricsPort()
            + "/metrics");
    out.println("Ctrl-C stops everything.");
    out.flush();
    Shutdown.awaitThenClose(stack, pipeline);
    return 0;
  }
}
