/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.stack;

import io.quell.deploy.QuellTopicSpecs;
import io.quell.stack.EmbeddedStack;
import io.quell.stack.StackOptions;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quell stack up}: start the stack and keep it running until stopped. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded stack and keep it running until stopped.",
      "Creates the Quell topics, prints the connection details and stays up until Ctrl-C or",
      "`quell stack down`. Data survives a restart on the same directory."
    })
public final class StackUpCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin StackDirOption dir;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Bind address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Kafka port (default: ${DEFAULT-VALUE}; 0 = any free).")
  int kafkaPort;

  @Option(
      names = "--kafka-controller-port",
      defaultValue = "9093",
      description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
  int controllerPort;

  @Option(
      names = "--registry-port",
      defaultValue = "8081",
      description = "Schema registry port (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--registry-management-port",
      defaultValue = "8091",
      description = "Schema registry health port (default: ${DEFAULT-VALUE}).")
  int registryManagementPort;

  @Option(
      names = "--elasticsearch-port",
      defaultValue = "9200",
      description = "Elasticsearch HTTP port (default: ${DEFAULT-VALUE}).")
  int elasticsearchPort;

  @Option(
      names = "--elasticsearch-transport-port",
      defaultValue = "9300",
      description = "Elasticsearch transport port (default: ${DEFAULT-VALUE}).")
  int elasticsearchTransportPort;

  @Option(
      names = "--elasticsearch-heap",
      defaultValue = "512m",
      description = "Elasticsearch heap (default: ${DEFAULT-VALUE}).")
  String elasticsearchHeap;

  @Option(
      names = "--services",
      split = ",",
      paramLabel = "SERVICE",
      description = "Servers to start: ${COMPLETION-CANDIDATES} (default: all).")
  Set<StackOptions.Service> services = EnumSet.allOf(StackOptions.Service.class);

  @Option(
      names = "--distributions",
      paramLabel = "DIR",
      description =
          "Unpacked Elasticsearch and Apicurio distributions (default: found from the build).")
  Path distributions;

  @Option(
      names = "--start-timeout",
      defaultValue = "180",
      description = "Seconds each server may take to get ready (default: ${DEFAULT-VALUE}).")
  int startTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    StackOptions options =
        new StackOptions(
            dir.dir(),
            host,
            kafkaPort,
            controllerPort,
            registryPort,
            registryManagementPort,
            elasticsearchPort,
            elasticsearchTransportPort,
            elasticsearchHeap,
            services,
            distributions,
            java.time.Duration.ofSeconds(startTimeoutSeconds));
    out.println("Starting the Quell stack in " + options.dataDir());
    EmbeddedStack stack =
        EmbeddedStack.start(
            options,
            QuellTopicSpecs.defaults(),
            line -> {
              out.println("  " + line);
              out.flush();
            });
    out.println();
    StackStatusCommand.print(stack.state(), out);
    out.println();
    out.println("Press Ctrl-C or run `quell stack down` to stop.");
    out.flush();
    stack.awaitClosed();
    return 0;
  }
}
