/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import io.quell.remediate.RemediateOptions;
import io.quell.schemas.avro.Severity;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The built-in rules, configured from the remediate settings. */
public final class Runbooks {

  /** Name of the rule that posts every new critical incident to the generic webhook. */
  public static final String CRITICAL_INCIDENT_WEBHOOK = "critical-incident-webhook";

  private Runbooks() {}

  /**
   * The rules enabled by {@code config}: {@value #CRITICAL_INCIDENT_WEBHOOK} when {@code
   * quell.remediate.webhook.url} is set, then the rules of {@code quell.remediate.runbook.file}.
   *
   * @throws IllegalArgumentException when the webhook URL is set without a signing secret, or the
   *     runbook file is not valid (the message names the rule, step and field)
   */
  public static List<RunbookRule> fromConfig(Map<String, ?> config) {
    List<RunbookRule> rules = new ArrayList<>();
    URI webhook = RemediateOptions.webhookUrl(config);
    if (webhook != null) {
      String secret = RemediateOptions.WEBHOOK_SECRET.read(config);
      if (secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException(
            "Setting '"
                + RemediateOptions.WEBHOOK_SECRET.key()
                + "' is required while '"
                + RemediateOptions.WEBHOOK_URL.key()
                + "' is set: receivers verify the signature with it");
      }
      rules.add(
          criticalIncidentWebhook(
              new WebhookStep(
                  webhook,
                  "incident.critical",
                  new IncidentPayloads(RemediateOptions.incidentsIndex(config)),
                  RemediateOptions.WEBHOOK_MAX_ATTEMPTS.read(config),
                  RemediateOptions.WEBHOOK_DRY_RUN.read(config),
                  RemediateOptions.ACTION_DEADLINE.read(config))));
    }
    String file = RemediateOptions.RUNBOOK_FILE.read(config);
    if (file != null && !file.isBlank()) {
      List<RunbookRule> fromFile =
          RunbookFile.read(
              Path.of(file.strip()),
              new RunbookFile.Defaults(
                  RemediateOptions.WEBHOOK_MAX_ATTEMPTS.read(config),
                  RemediateOptions.ACTION_DEADLINE.read(config)));
      for (RunbookRule rule : fromFile) {
        if (rules.stream().anyMatch(existing -> existing.name().equals(rule.name()))) {
          throw new IllegalArgumentException(
              "Runbook file " + file + ": rule " + rule.name() + " clashes with a built-in rule");
        }
        rules.add(rule);
      }
    }
    return List.copyOf(rules);
  }

  /**
   * A new CRITICAL incident that is open (neither RESOLVED nor CLOSED), not muted and not merged
   * away gets {@code step}, once.
   */
  public static RunbookRule criticalIncidentWebhook(WebhookStep step) {
    return new RunbookRule(
        CRITICAL_INCIDENT_WEBHOOK,
        List.of(
            Conditions.severityAtLeast(Severity.CRITICAL),
            Conditions.open(),
            Conditions.notSuppressed(),
            Conditions.notMerged()),
        List.of(step));
  }
}
