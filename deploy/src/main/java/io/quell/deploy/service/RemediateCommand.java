/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.deploy.config.ConfigMixin;
import io.quell.remediate.RemediationService;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quell remediate}: the remediation service on its own. */
@Command(
    name = "remediate",
    mixinStandardHelpOptions = true,
    description = {
      "Run the remediation service: runbook actions, webhook dispatch, incidents to Elasticsearch.",
      "Reads quell.incidents; writes quell.actions, quell.action-results and the incidents index.",
      "Serves /metrics and /healthz on quell.remediate.metrics.port. Stops on Ctrl-C."
    })
public final class RemediateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigMixin config;

  @Override
  public Integer call() throws Exception {
    Map<String, String> settings = config.load();
    PrintWriter out = spec.commandLine().getOut();
    RemediationService service = RemediationService.start(settings);
    out.println(
        "Remediation service running: Kafka "
            + settings.get("bootstrap.servers")
            + ", Elasticsearch "
            + settings.getOrDefault("elasticsearch.url", "(default)")
            + ", metrics on port "
            + service.metricsPort()
            + ". Ctrl-C stops.");
    out.flush();
    Shutdown.awaitThenClose(service);
    return 0;
  }
}
