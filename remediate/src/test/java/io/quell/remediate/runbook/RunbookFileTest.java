/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.remediate.testing.Incidents;
import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunbookFileTest {

  private static final RunbookFile.Defaults DEFAULTS = new RunbookFile.Defaults(4, null);

  @Test
  void shouldReadTheExampleRunbookOfTheDistribution() {
    List<RunbookRule> rules =
        RunbookFile.read(Path.of("..", "deploy", "runbooks", "example.yaml"), DEFAULTS);

    assertThat(rules)
        .extracting(RunbookRule::name)
        .containsExactly(
            "checkout-scale-then-page",
            "restart-root-cause-with-approval",
            "notify-platform-dry-run");
    List<ActionStep> steps = rules.get(0).steps();
    assertThat(steps)
        .extracting(step -> ((TemplateStep) step).kind())
        .containsExactly(ActionKind.SLACK, ActionKind.HTTP_SCALE, ActionKind.PAGERDUTY);
    assertThat(steps.get(1).automatic()).isTrue();
    assertThat(steps.get(1).verifyWithin()).isEqualTo(Duration.ofMinutes(5));
    assertThat(steps.get(1).cooldown()).isEqualTo(Duration.ofHours(1));
    assertThat(steps.get(0).automatic()).isFalse();
    assertThat(rules.get(1).steps().get(0).requiresApproval()).isTrue();
    assertThat(((TemplateStep) rules.get(2).steps().get(0)).dryRun()).isTrue();
  }

  @Test
  void shouldMatchIncidentsByLabelsSeverityServicesRootCauseStatusAndAge() {
    RunbookRule rule =
        RunbookFile.parse(
                """
                - name: r
                  match:
                    severity: WARNING
                    status: [OPEN, UPDATED]
                    services: [checkout]
                    rootCauseService: payments
                    labels: {env: prod}
                    labelsMatch: {team: "sh.p"}
                    minAge: 2m
                    maxAge: 1h
                  steps: [{name: s, kind: webhook, url: "https://h.test/x"}]
                """,
                DEFAULTS)
            .get(0);
    // Version 2: lastSeen - firstSeen = 2 minutes.
    Incident matching = Incidents.warning("inc-1", 2);

    assertThat(rule.matches(matching)).isTrue();
    assertThat(rule.matches(Incidents.warning("inc-1", 1))).as("too young").isFalse();
    assertThat(rule.matches(Incidents.warning("inc-1", 61))).as("too old").isFalse();
    assertThat(rule.matches(with(matching).setSeverity(Severity.INFO).build())).isFalse();
    assertThat(rule.matches(with(matching).setStatus(IncidentStatus.REOPENED).build())).isFalse();
    assertThat(rule.matches(with(matching).setServices(List.of("search")).build())).isFalse();
    assertThat(rule.matches(with(matching).setRootCauses(List.of()).build())).isFalse();
    assertThat(rule.matches(with(matching).setLabels(Map.of("env", "dev", "team", "shop")).build()))
        .isFalse();
    assertThat(rule.matches(with(matching).setLabels(Map.of("env", "prod", "team", "ops")).build()))
        .isFalse();
    assertThat(rule.matches(with(matching).setMergedInto("inc-0").build()))
        .as("merged incidents never match")
        .isFalse();
  }

  @Test
  void shouldNameTheRuleStepAndFieldOfEveryMistake() {
    assertThatThrownBy(() -> RunbookFile.parse("rules: {a: 1}", DEFAULTS))
        .hasMessageContaining("list of rules");
    assertThatThrownBy(
            () ->
                RunbookFile.parse(
                    "- {name: r, steps: [{name: s, kind: telegraph, url: 'https://h.test'}]}",
                    DEFAULTS))
        .hasMessage(
            "rule r: step s: unknown kind telegraph (known: webhook, slack, pagerduty, jira, http)");
    assertThatThrownBy(
            () ->
                RunbookFile.parse(
                    "- {name: r, match: {sevrity: CRITICAL}, steps: [{name: s, kind: webhook, url: 'https://h.test'}]}",
                    DEFAULTS))
        .hasMessageStartingWith("rule r: unknown field 'sevrity'");
    assertThatThrownBy(
            () -> RunbookFile.parse("- {name: r, steps: [{name: s, kind: pagerduty}]}", DEFAULTS))
        .hasMessage("rule r: step s: routingKey is required for kind pagerduty");
    assertThatThrownBy(
            () ->
                RunbookFile.parse(
                    "- {name: r, steps: [{name: s, kind: http, url: 'https://{{incident.rootCause}}.test/x'}]}",
                    DEFAULTS))
        .hasMessageContaining("only after the host");
    assertThatThrownBy(
            () ->
                RunbookFile.parse(
                    "- {name: r, steps: [{name: s, kind: slack, url: 'https://h.test', text: '{{incident.owner}}'}]}",
                    DEFAULTS))
        .hasMessageContaining("unknown placeholder {{incident.owner}}");
    assertThatThrownBy(
            () ->
                RunbookFile.parse(
                    "- {name: r, steps: [{name: s, kind: http, url: 'https://h.test', verify: soon}]}",
                    DEFAULTS))
        .hasMessageContaining("verify: 'soon' is not a duration");
    assertThatThrownBy(
            () ->
                RunbookFile.parse(
                    "- {name: Bad_Name, steps: [{name: s, kind: http, url: 'https://h.test'}]}",
                    DEFAULTS))
        .hasMessageContaining("must match");
  }

  @Test
  void shouldReadDurationsInShortOrIsoForm() {
    assertThat(RunbookFile.parseDuration("250")).isEqualTo(Duration.ofMillis(250));
    assertThat(RunbookFile.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(RunbookFile.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(RunbookFile.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(RunbookFile.parseDuration("PT90S")).isEqualTo(Duration.ofSeconds(90));
  }

  private static Incident.Builder with(Incident incident) {
    return Incident.newBuilder(incident);
  }
}
