/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.deploy.QuellTopicSpecs;
import io.quell.deploy.bench.DetectBenchmark;
import io.quell.deploy.config.ConfigMixin;
import io.quell.deploy.stack.StackDirs;
import io.quell.stack.EmbeddedStack;
import io.quell.stack.StackOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quell detect bench}: metric points per second the detect job turns into alerts, Kafka to
 * Kafka. Preloads quell.metrics (under a fresh topic prefix), runs the job in a local MiniCluster
 * and times it until its committed offsets reach the end of the topic; reports points/s, the heap
 * and the checkpointed state. Without a configured Kafka it starts a local Kafka and registry.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the metric points/s the detect job processes from Kafka to Kafka (exactly-once"
          + " alerts), with its heap and checkpointed state.",
      "Preloads quell.metrics under a fresh topic prefix, then runs the job in a local"
          + " MiniCluster until its checkpointed offsets reach the end of the topic. Without a"
          + " configured Kafka it starts a local Kafka and schema registry for the run."
    })
public final class DetectBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigMixin config;

  @Option(
      names = "--points",
      defaultValue = "1000000",
      description = "Metric points to preload and process (default: ${DEFAULT-VALUE}).")
  long points;

  @Option(
      names = "--series",
      defaultValue = "2000",
      description = "Distinct series the points belong to (default: ${DEFAULT-VALUE}).")
  int series;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--detector",
      paramLabel = "NAME",
      description =
          "Metric detector (quell.detect.metric.detector): anomaly-likelihood (default) or"
              + " robust-baseline.")
  String detector;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> settings = new HashMap<>(config.load());
    if (detector != null) {
      settings.put("quell.detect.metric.detector", detector);
    }
    EmbeddedStack stack = null;
    Path stackDir = null;
    Path workDir = Files.createTempDirectory("quell-detect-bench-work-");
    try {
      if (!settings.containsKey("bootstrap.servers")) {
        stackDir = Files.createTempDirectory("quell-detect-bench-");
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
                QuellTopicSpecs.defaults(),
                line -> {
                  out.println("  " + line);
                  out.flush();
                });
        settings.put("bootstrap.servers", stack.bootstrapServers());
        settings.put("schema.registry.url", stack.schemaRegistryUrl());
      }
      DetectBenchmark.Result result =
          DetectBenchmark.run(
              settings,
              new DetectBenchmark.Settings(points, series, parallelism, workDir),
              line -> {
                out.println(line);
                out.flush();
              });
      out.println();
      out.println("Result");
      out.println("  " + result.summary().replace("\n", "\n  "));
      out.flush();
    } finally {
      if (stack != null) {
        stack.close();
      }
      if (stackDir != null) {
        StackDirs.deleteQuietly(stackDir);
      }
      StackDirs.deleteQuietly(workDir);
    }
    return 0;
  }
}
