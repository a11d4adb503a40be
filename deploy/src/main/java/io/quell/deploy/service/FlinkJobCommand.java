/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.deploy.config.ConfigMixin;
import io.quell.deploy.pipeline.LocalFlinkCluster;
import io.quell.deploy.pipeline.LocalPipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs one Quell Flink job in a local MiniCluster until Ctrl-C; detect and correlate share it. */
abstract class FlinkJobCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigMixin config;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      defaultValue = ".quell/work",
      description = "Where checkpoints are kept (default: ${DEFAULT-VALUE}).")
  Path workDir;

  abstract String jobName();

  abstract BiConsumer<StreamExecutionEnvironment, Map<String, ?>> pipeline();

  @Override
  public Integer call() throws Exception {
    Map<String, String> settings = config.load();
    PrintWriter out = spec.commandLine().getOut();
    LocalFlinkCluster flink =
        new LocalFlinkCluster(
            Math.max(2, parallelism * 2),
            parallelism,
            LocalPipeline.CHECKPOINT_INTERVAL,
            workDir.resolve(jobName()));
    flink.submit(jobName(), env -> pipeline().accept(env, settings));
    flink.awaitRunning(Duration.ofMinutes(2));
    out.println(
        jobName()
            + " running in a local Flink cluster (parallelism "
            + parallelism
            + ", Kafka "
            + settings.getOrDefault("bootstrap.servers", "127.0.0.1:9092")
            + "). Ctrl-C stops.");
    out.flush();
    Shutdown.awaitThenClose(flink);
    return 0;
  }
}
