/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.deploy.config.ConfigMixin;
import io.quell.remediate.Approvals;
import io.quell.remediate.runbook.RunbookEngine;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quell actions}: the runbook steps that wait for a person, and their approval. */
@Command(
    name = "actions",
    mixinStandardHelpOptions = true,
    description = {
      "Runbook steps that need approval: list them, approve or reject one.",
      "approve and reject write to quell.approvals (Kafka settings as for every service command);"
          + " pending asks the remediation service's status server."
    },
    subcommands = {
      ActionsCommand.Pending.class,
      ActionsCommand.Approve.class,
      ActionsCommand.Reject.class
    })
public final class ActionsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code quell actions pending}. */
  @Command(
      name = "pending",
      mixinStandardHelpOptions = true,
      description = "List the steps waiting for approval (GET <url>/actions/pending).")
  static final class Pending implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--url",
        defaultValue = "http://127.0.0.1:9466",
        description =
            "Base URL of the remediation service's status server (quell.remediate.metrics.port);"
                + " default ${DEFAULT-VALUE}.")
    URI url;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(url.resolve("/actions/pending"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        spec.commandLine()
            .getErr()
            .println("The service answered " + response.statusCode() + ": " + response.body());
        return 1;
      }
      JsonNode pending = new ObjectMapper().readTree(response.body()).path("pending");
      if (pending.isEmpty()) {
        out.println("No step waits for approval.");
        return 0;
      }
      String format = "%-58s %-24s %-24s %s%n";
      out.printf(format, "ACTION ID", "INCIDENT", "EXPIRES", "RULE/STEP");
      for (JsonNode step : pending) {
        out.printf(
            format,
            step.path("actionId").asText(),
            step.path("incidentId").asText(),
            step.path("expiresAt").asText(),
            step.path("rule").asText() + "/" + step.path("step").asInt());
      }
      return 0;
    }
  }

  /** Approve or reject: one decision to quell.approvals. */
  abstract static class Decide implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigMixin config;

    @Parameters(index = "0", paramLabel = "ID", description = "Action id of the held step.")
    String actionId;

    @Option(
        names = "--by",
        defaultValue = "${sys:user.name}",
        description = "Who decides (recorded on the action); default the login name.")
    String by;

    @Option(names = "--reason", description = "Why, in words (recorded with a rejection).")
    String reason;

    abstract boolean approve();

    @Override
    public Integer call() {
      try (Approvals approvals = new Approvals(config.load())) {
        RecordMetadata written =
            approvals.publish(new RunbookEngine.Decision(actionId, approve(), by, reason));
        spec.commandLine()
            .getOut()
            .printf(
                "%s %s by %s: written to %s (partition %d, offset %d). The runbook engine %s"
                    + " unless the step expired or was decided already.%n",
                approve() ? "Approved" : "Rejected",
                actionId,
                by,
                approvals.topic(),
                written.partition(),
                written.offset(),
                approve() ? "sends the step" : "goes on with the next step");
      }
      return 0;
    }
  }

  /** {@code quell actions approve ID}. */
  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = "Approve a held runbook step: the engine sends it.")
  static final class Approve extends Decide {
    @Override
    boolean approve() {
      return true;
    }
  }

  /** {@code quell actions reject ID}. */
  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Reject a held runbook step: it is not sent, the runbook's next step runs.")
  static final class Reject extends Decide {
    @Override
    boolean approve() {
      return false;
    }
  }
}
