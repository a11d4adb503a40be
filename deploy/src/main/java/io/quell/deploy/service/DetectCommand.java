/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.detect.job.DetectJob;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;

/** {@code quell detect}: the detect Flink job, locally. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Run the detect Flink job locally: quell.metrics and quell.logs in, quell.alerts out.",
      "For a Flink cluster, submit detect/target/quell-detect-*-job.jar instead (see README)."
    },
    subcommands = {DetectBenchCommand.class})
public final class DetectCommand extends FlinkJobCommand {
  @Override
  String jobName() {
    return DetectJob.JOB_NAME;
  }

  @Override
  BiConsumer<StreamExecutionEnvironment, Map<String, ?>> pipeline() {
    return DetectJob::addKafkaPipeline;
  }
}
