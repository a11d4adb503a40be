/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.correlate.job.CorrelateJob;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;

/** {@code quell correlate}: the correlate Flink job, locally. */
@Command(
    name = "correlate",
    mixinStandardHelpOptions = true,
    description = {
      "Run the correlate Flink job locally: quell.alerts and quell.topology in, quell.incidents out.",
      "For a Flink cluster, submit correlate/target/quell-correlate-*-job.jar instead (see README)."
    })
public final class CorrelateCommand extends FlinkJobCommand {
  @Override
  String jobName() {
    return "quell-correlate";
  }

  @Override
  BiConsumer<StreamExecutionEnvironment, Map<String, ?>> pipeline() {
    return CorrelateJob::addKafkaPipeline;
  }
}
