/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.demo;

import io.quell.deploy.QuellTopicSpecs;
import io.quell.deploy.service.Shutdown;
import io.quell.deploy.stack.StackDirs;
import io.quell.ingest.simulator.GroundTruth;
import io.quell.schemas.avro.Incident;
import io.quell.stack.EmbeddedStack;
import io.quell.stack.Ports;
import io.quell.stack.StackOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quell demo}: the whole pipeline on a fresh local stack, with a simulated outage. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run Quell end to end on a fresh local stack and play a simulated outage.",
      "Starts Kafka, the schema registry and Elasticsearch, the intake, the detect and correlate",
      "jobs, the remediation service and a local webhook receiver; plays a dozen services in",
      "which a database slows down and drags its callers with it; shows the incidents as they",
      "form and a summary at the end. Takes about two minutes; leaves nothing running unless",
      "--keep-running."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = ".quell/demo",
      description = "Data directory of the demo stack, wiped at start (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Scenario seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--speed",
      defaultValue = "30",
      description = "Simulated seconds per wall second (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(
      names = "--keep-running",
      description = "Keep the stack and the pipeline up after the summary, until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    StackDirs.deleteTree(dir);
    StackOptions options = StackOptions.defaults().withDataDir(dir);
    if (!defaultPortsFree()) {
      out.println(
          "Default ports are taken (is `quell stack up` running?): the demo uses free ports.");
      options = options.withFreePorts();
    }
    out.println("Starting the local stack in " + dir.toAbsolutePath());
    out.flush();
    EmbeddedStack stack =
        EmbeddedStack.start(
            options,
            QuellTopicSpecs.defaults(),
            line -> {
              out.println("  " + line);
              out.flush();
            });
    try {
      Map<String, Object> connection = new HashMap<>();
      connection.put("bootstrap.servers", stack.bootstrapServers());
      connection.put("schema.registry.url", stack.schemaRegistryUrl());
      connection.put("elasticsearch.url", stack.elasticsearchUrl());
      DemoRun.Options play =
          new DemoRun.Options(seed, speed, false, java.time.Duration.ofSeconds(60), true);
      DemoRun.Result result = DemoRun.play(connection, dir.resolve("work"), play, out);
      printSummary(result, out);
      if (keepRunning) {
        out.println();
        out.println("The stack keeps running (the pipeline has stopped). From another terminal:");
        out.println("  ./quell stack status --dir " + dir + "     # connection details");
        out.println(
            "  ./quell remediate --local " + dir + "      # any service command can use it");
        out.println("  ./quell stack down --dir " + dir + "       # stop it");
        out.println("Ctrl-C stops it.");
        out.flush();
        Shutdown.awaitThenClose(stack);
        return 0;
      }
    } finally {
      if (!keepRunning) {
        stack.close();
      }
    }
    return 0;
  }

  static void printSummary(DemoRun.Result r, PrintWriter out) {
    out.println();
    out.println("Summary");
    out.printf(
        "  events in:           %d (%d logs, %d metric points) in %.0f s of play%n",
        r.simulation().logs() + r.simulation().metrics(),
        r.simulation().logs(),
        r.simulation().metrics(),
        r.simulation().wallTime().toMillis() / 1000.0);
    out.printf(
        "  alerts:              %d distinct (%d alert updates)%n",
        r.alertFingerprints(), r.alertRecords());
    out.printf("  incidents:           %d%n", r.incidents().size());
    double perIncident =
        r.incidents().isEmpty()
            ? 0
            : r.incidents().stream().mapToInt(i -> i.getAlerts().size()).average().orElse(0);
    out.printf("  alerts per incident: %.1f%n", perIncident);
    for (GroundTruth truth : r.groundTruth()) {
      String top =
          r.incidentsOf(truth).stream()
              .findFirst()
              .filter(i -> !i.getRootCauses().isEmpty())
              .map(i -> i.getRootCauses().get(0).getService())
              .orElse("(no incident)");
      out.printf(
          "  root cause:          injected at %s, top candidate %s: %s%n",
          truth.rootService(), top, r.rootCauseFound(truth) ? "RIGHT" : "WRONG");
    }
    long verified = r.webhookCalls().stream().filter(WebhookReceiver.Call::signatureValid).count();
    out.printf(
        "  webhook calls:       %d (%d with a valid signature)%n",
        r.webhookCalls().size(), verified);
    out.printf(
        "  in Elasticsearch:    %d of %d incidents at their newest version%n",
        r.incidents().stream()
            .filter(i -> Long.valueOf(i.getVersion()).equals(r.indexed().get(i.getId())))
            .count(),
        r.incidents().size());
    out.printf("  wall time:           %.0f s%n", r.wallTime().toMillis() / 1000.0);
    out.println();
    out.println("Look at the incidents in Elasticsearch (index " + r.incidentsIndex() + "):");
    out.println(
        "  curl -s '"
            + r.elasticsearchUrl()
            + "/"
            + r.incidentsIndex()
            + "/_search?pretty&size=5&sort=firstSeen:desc'");
    String prefix =
        r.incidentsIndex().substring(0, r.incidentsIndex().length() - "incidents".length());
    for (Incident i : r.incidents()) {
      out.println(
          "  curl -s '"
              + r.elasticsearchUrl()
              + "/"
              + r.incidentsIndex()
              + "/_doc/"
              + i.getId()
              + "?pretty'");
      out.println(
          "  curl -s '"
              + r.elasticsearchUrl()
              + "/"
              + prefix
              + "incident-timeline/_search?pretty&q=id:"
              + i.getId()
              + "&sort=version:asc'      # every version");
      out.println(
          "  curl -s '"
              + r.elasticsearchUrl()
              + "/"
              + prefix
              + "actions/_search?pretty&q=incidentId:"
              + i.getId()
              + "'      # steps and results");
      out.println(
          "  ./quell incidents show "
              + i.getId()
              + " --set elasticsearch.url="
              + r.elasticsearchUrl()
              + (prefix.equals("quell-")
                  ? ""
                  : " --set quell.remediate.elasticsearch.index.prefix=" + prefix)
              + "      # with --keep-running");
      break;
    }
    out.println(
        "Kibana: import deploy/kibana/quell-incidents.ndjson (see remediate/README.md, Kibana).");
    out.flush();
  }

  private static boolean defaultPortsFree() {
    StackOptions d = StackOptions.defaults();
    return Stream.of(
            d.kafkaPort(),
            d.kafkaControllerPort(),
            d.registryPort(),
            d.registryManagementPort(),
            d.elasticsearchPort(),
            d.elasticsearchTransportPort())
        .allMatch(Ports::isFree);
  }
}
