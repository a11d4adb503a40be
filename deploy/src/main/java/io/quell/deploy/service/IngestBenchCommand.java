/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.deploy.QuellTopicSpecs;
import io.quell.deploy.config.ConfigMixin;
import io.quell.deploy.stack.StackDirs;
import io.quell.ingest.bench.BenchFormat;
import io.quell.ingest.bench.IntakeBenchmark;
import io.quell.ingest.http.IntakeServer;
import io.quell.stack.EmbeddedStack;
import io.quell.stack.StackOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quell ingest bench}: records per second the intake accepts end to end (HTTP in, Kafka
 * acknowledged), per format. Without {@code --url} it measures an intake of its own: on the Kafka
 * of the configuration when one is given, else on a local Kafka and registry started for the run.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the records/s the HTTP intake accepts end to end (answered 2xx, so acknowledged by"
          + " Kafka), for each format.",
      "Without --url it starts an intake of its own in this process, on the configured Kafka or,"
          + " when none is configured, on a local Kafka and schema registry started for the run."
    })
public final class IngestBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigMixin config;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Measure a running intake at URL (for example http://127.0.0.1:8090).")
  URI url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${QUELL_BENCH_TOKEN}",
      description = "Bearer token for an intake with authentication (env QUELL_BENCH_TOKEN).")
  String token;

  @Option(
      names = "--format",
      split = ",",
      paramLabel = "FORMAT",
      defaultValue = "json,ndjson,remote_write",
      description =
          "Formats to measure, in turn: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  List<BenchFormat> formats = new ArrayList<>();

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Samples per request (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--clients",
      defaultValue = "8",
      description = "Concurrent clients, each waiting for its answer (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--series",
      defaultValue = "10000",
      description = "Distinct series the samples rotate through (default: ${DEFAULT-VALUE}).")
  int series;

  @Option(
      names = "--warm-up",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "Seconds sent but not counted first, per format (default: ${DEFAULT-VALUE}).")
  int warmUpSeconds;

  @Option(
      names = "--duration",
      defaultValue = "20",
      paramLabel = "SECONDS",
      description = "Seconds counted per format (default: ${DEFAULT-VALUE}).")
  int durationSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (url != null) {
      out.println("Measuring the intake at " + url);
      out.flush();
      report(measure(url, out), out);
      return 0;
    }
    Map<String, Object> settings = new HashMap<>(config.load());
    EmbeddedStack stack = null;
    Path stackDir = null;
    try {
      if (!settings.containsKey("bootstrap.servers")) {
        stackDir = Files.createTempDirectory("quell-bench-");
        out.println("No Kafka configured: starting a local Kafka and registry in " + stackDir);
        out.flush();
        stack =
            EmbeddedStack.start(
                StackOptions.defaults()
                    .withDataDir(stackDir)
                    .withFreePorts()
                    .withServices(
                        EnumSet.of(
                            StackOptions.Service.KAFKA, StackOptions.Service.SCHEMA_REGISTRY)),
                QuellTopicSpecs.of(io.quell.schemas.topic.Topics.fromConfig(settings)),
                line -> {
                  out.println("  " + line);
                  out.flush();
                });
        settings.put("bootstrap.servers", stack.bootstrapServers());
        settings.put("schema.registry.url", stack.schemaRegistryUrl());
      }
      settings.put("quell.ingest.port", "0");
      try (IntakeServer intake = new IntakeServer(settings)) {
        intake.start();
        out.println(
            "Measuring an intake in this process at "
                + intake.uri()
                + " (Kafka "
                + settings.get("bootstrap.servers")
                + ", "
                + Runtime.getRuntime().availableProcessors()
                + " cores shared by the clients, the intake"
                + (stack == null ? ")" : " and the local Kafka)"));
        out.flush();
        report(measure(intake.uri(), out), out);
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
      if (stackDir != null) {
        StackDirs.deleteQuietly(stackDir);
      }
    }
    return 0;
  }

  private List<IntakeBenchmark.Result> measure(URI intake, PrintWriter out)
      throws InterruptedException {
    List<IntakeBenchmark.Result> results = new ArrayList<>();
    for (BenchFormat format : formats) {
      results.add(
          IntakeBenchmark.run(
              new IntakeBenchmark.Settings(
                  intake,
                  format,
                  batch,
                  series,
                  clients,
                  Duration.ofSeconds(warmUpSeconds),
                  Duration.ofSeconds(durationSeconds),
                  token == null || token.isBlank() ? null : token),
              line -> {
                out.println(line);
                out.flush();
              }));
    }
    return results;
  }

  private static void report(List<IntakeBenchmark.Result> results, PrintWriter out) {
    out.println();
    out.println("Result (records accepted end to end: answered 2xx after Kafka acknowledged them)");
    for (IntakeBenchmark.Result result : results) {
      out.println("  " + result.summary());
    }
    out.flush();
  }
}
