/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.testing.RecordingWebhookReceiver;
import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActionExecutorTest {

  private static final Instant NOW = Instant.parse("2026-03-02T09:20:00Z");

  private RecordingWebhookReceiver receiver;
  private RemediationMetrics metrics;
  private Map<String, Object> config;

  @BeforeEach
  void setUp() throws IOException {
    receiver = RecordingWebhookReceiver.start("s3cret");
    metrics = RemediationMetrics.noop();
    config = new HashMap<>();
    config.put(RemediateOptions.WEBHOOK_URL.key(), receiver.url("/hook").toString());
    config.put(RemediateOptions.WEBHOOK_SECRET.key(), "s3cret");
    config.put(RemediateOptions.DISPATCH_INITIAL_BACKOFF.key(), 10);
    config.put(RemediateOptions.DISPATCH_MAX_BACKOFF.key(), 20);
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  @Test
  void shouldSendAnAllowedActionAndReportSuccess() {
    ActionResult result =
        executor(Clock.systemUTC()).execute(Actions.webhook("a", receiver.url("/hook")).build());

    assertThat(result.getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
    assertThat(result.getHttpStatus()).isEqualTo(200);
    assertThat(result.getAttempts()).isEqualTo(1);
    assertThat(result.getActionId()).isEqualTo("a");
    assertThat(result.getStartedAt()).isNotNull();
    assertThat(metrics.actionResults(ActionOutcome.SUCCEEDED)).isEqualTo(1);
  }

  @Test
  void shouldRefuseATargetOutsideTheAllowlistWithoutSendingAnything() {
    config.put(RemediateOptions.ALLOWED_HOSTS.key(), "hooks.example.org");

    ActionResult result =
        executor(Clock.systemUTC()).execute(Actions.webhook("a", receiver.url("/hook")).build());

    assertThat(result.getOutcome()).isEqualTo(ActionOutcome.REFUSED);
    assertThat(result.getError()).contains("allowlist").contains("127.0.0.1");
    assertThat(result.getAttempts()).isZero();
    assertThat(result.getHttpStatus()).isNull();
    assertThat(receiver.calls()).isEmpty();
  }

  @Test
  void shouldRecordADryRunWithoutSendingIt() {
    ActionResult result =
        executor(Clock.systemUTC())
            .execute(Actions.webhook("a", receiver.url("/hook")).setDryRun(true).build());

    assertThat(result.getOutcome()).isEqualTo(ActionOutcome.DRY_RUN);
    assertThat(receiver.calls()).isEmpty();
  }

  @Test
  void shouldReportAnActionPastItsDeadlineAsExpired() {
    ActionResult result =
        executor(Clock.fixed(NOW, ZoneOffset.UTC))
            .execute(
                Actions.webhook("a", receiver.url("/hook"))
                    .setDeadline(NOW.minus(Duration.ofSeconds(1)))
                    .build());

    assertThat(result.getOutcome()).isEqualTo(ActionOutcome.EXPIRED);
    assertThat(result.getFinishedAt()).isEqualTo(NOW);
    assertThat(receiver.calls()).isEmpty();
  }

  @Test
  void shouldRefuseActionsThatNeedApprovalUnknownKindsAndOddMethods() {
    ActionExecutor executor = executor(Clock.systemUTC());

    assertThat(
            executor
                .execute(
                    Actions.webhook("a", receiver.url("/hook")).setRequiresApproval(true).build())
                .getOutcome())
        .isEqualTo(ActionOutcome.REFUSED);
    assertThat(
            executor
                .execute(
                    Actions.webhook("a", receiver.url("/hook")).setKind(ActionKind.UNKNOWN).build())
                .getError())
        .contains("no sender");
    assertThat(
            executor
                .execute(Actions.webhook("a", receiver.url("/hook")).setMethod("DELETE").build())
                .getOutcome())
        .isEqualTo(ActionOutcome.REFUSED);
    assertThat(receiver.calls()).isEmpty();
  }

  @Test
  void shouldRefuseWebhooksWhenNoSigningSecretIsConfigured() {
    config.remove(RemediateOptions.WEBHOOK_SECRET.key());
    config.remove(RemediateOptions.WEBHOOK_URL.key());
    config.put(RemediateOptions.ALLOWED_HOSTS.key(), "127.0.0.1");

    ActionResult result =
        executor(Clock.systemUTC()).execute(Actions.webhook("a", receiver.url("/hook")).build());

    assertThat(result.getOutcome()).isEqualTo(ActionOutcome.REFUSED);
    assertThat(receiver.calls()).isEmpty();
  }

  @Test
  void shouldTurnAnUnexpectedSenderErrorIntoAFailedResult() {
    ActionExecutor executor =
        new ActionExecutor(
            java.util.List.of(),
            Map.of(
                ActionKind.GENERIC_WEBHOOK,
                action -> {
                  throw new IllegalStateException("bug");
                }),
            Clock.systemUTC(),
            metrics);

    ActionResult result = executor.execute(Actions.webhook("a", receiver.url("/hook")).build());

    assertThat(result.getOutcome()).isEqualTo(ActionOutcome.FAILED);
    assertThat(result.getError()).contains("bug");
  }

  private ActionExecutor executor(Clock clock) {
    return ActionExecutor.fromConfig(
        config, WebhookSender.httpClient(Duration.ofSeconds(2)), clock, metrics);
  }
}
