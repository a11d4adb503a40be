/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.dispatch.ActionSender.Delivery;
import io.quell.remediate.testing.RecordingWebhookReceiver;
import io.quell.remediate.testing.RecordingWebhookReceiver.Call;
import io.quell.schemas.avro.RemediationAction;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {

  private static final String SECRET = "s3cret";
  private static final WebhookSender.Policy FAST =
      new WebhookSender.Policy(
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          Duration.ofMillis(10),
          Duration.ofMillis(40));

  private RecordingWebhookReceiver receiver;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = RecordingWebhookReceiver.start(SECRET);
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void shouldRetryServerErrorsWithTheSameIdempotencyKeyUntilTheReceiverAccepts() {
    receiver.respondWith(500, 500);
    RemediationAction action = Actions.webhook("rule/0/abc", receiver.url("/hook")).build();

    Delivery delivery = sender(FAST).send(action);

    assertThat(delivery.succeeded()).isTrue();
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.httpStatus()).isEqualTo(200);
    assertThat(delivery.error()).isNull();
    assertThat(receiver.calls()).hasSize(3);
    for (Call call : receiver.calls()) {
      assertThat(call.method()).isEqualTo("POST");
      assertThat(call.path()).isEqualTo("/hook");
      assertThat(call.idempotencyKey()).isEqualTo("rule/0/abc");
      assertThat(call.contentType()).startsWith("application/json");
      assertThat(call.bodyText()).isEqualTo(action.getPayload());
      assertThat(call.verification()).isEqualTo(WebhookSignature.Verification.VALID);
    }
  }

  @Test
  void shouldSendOtherKindsWithTheirContentTypeAndTheAuthorizationOfTheirHostUnsigned() {
    RemediationAction scale =
        Actions.webhook("scale/1/abc", receiver.url("/apis/scale"))
            .setKind(io.quell.schemas.avro.ActionKind.HTTP_SCALE)
            .setMethod("PATCH")
            .setContentType("application/merge-patch+json")
            .setPayload("{\"spec\":{\"replicas\":4}}")
            .build();
    WebhookSender unsigned =
        new WebhookSender(
            WebhookSender.httpClient(Duration.ofSeconds(2)),
            null,
            java.util.Map.of("127.0.0.1:" + receiver.port(), "Bearer k8s-token", "other", "x"),
            FAST,
            java.time.Clock.systemUTC(),
            io.quell.remediate.RemediationMetrics.noop());

    Delivery delivery = unsigned.send(scale);

    assertThat(delivery.succeeded()).isTrue();
    Call call = receiver.calls().get(0);
    assertThat(call.method()).isEqualTo("PATCH");
    assertThat(call.contentType()).isEqualTo("application/merge-patch+json");
    assertThat(call.authorization()).isEqualTo("Bearer k8s-token");
    assertThat(call.idempotencyKey()).isEqualTo("scale/1/abc");
    assertThat(call.verification()).isEqualTo(WebhookSignature.Verification.MISSING);
  }

  @Test
  void shouldNotRetryAClientError() {
    receiver.respondWith(404);

    Delivery delivery = sender(FAST).send(Actions.webhook("a", receiver.url("/hook")).build());

    assertThat(delivery.succeeded()).isFalse();
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.httpStatus()).isEqualTo(404);
    assertThat(delivery.error()).contains("404");
    assertThat(receiver.calls()).hasSize(1);
  }

  @Test
  void shouldRetryTooManyRequests() {
    receiver.respondWith(429);

    Delivery delivery = sender(FAST).send(Actions.webhook("a", receiver.url("/hook")).build());

    assertThat(delivery.succeeded()).isTrue();
    assertThat(delivery.attempts()).isEqualTo(2);
  }

  @Test
  void shouldNotFollowRedirects() {
    receiver.respondWith(307);

    Delivery delivery = sender(FAST).send(Actions.webhook("a", receiver.url("/hook")).build());

    assertThat(delivery.succeeded()).isFalse();
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.httpStatus()).isEqualTo(307);
  }

  @Test
  void shouldGiveUpAfterTheActionsMaximumOfAttempts() {
    receiver.respondWith(503, 503, 503, 503, 503);

    Delivery delivery =
        sender(FAST).send(Actions.webhook("a", receiver.url("/hook")).setMaxAttempts(3).build());

    assertThat(delivery.succeeded()).isFalse();
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.httpStatus()).isEqualTo(503);
    assertThat(delivery.error()).contains("503").contains("gave up after 3 attempts");
    assertThat(receiver.calls()).hasSize(3);
  }

  @Test
  void shouldRetryATimedOutRequest() {
    receiver.respondAfter(Duration.ofMillis(1500), 200);
    WebhookSender.Policy shortTimeout =
        new WebhookSender.Policy(
            Duration.ofMillis(300),
            Duration.ofSeconds(10),
            Duration.ofMillis(10),
            Duration.ofMillis(40));

    Delivery delivery =
        sender(shortTimeout).send(Actions.webhook("a", receiver.url("/hook")).build());

    assertThat(delivery.succeeded()).isTrue();
    assertThat(delivery.attempts()).isEqualTo(2);
  }

  @Test
  void shouldRetryRefusedConnectionsAndReportNoStatus() throws IOException {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
    }

    Delivery delivery = sender(FAST).send(Actions.webhook("a", closed).setMaxAttempts(3).build());

    assertThat(delivery.succeeded()).isFalse();
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.httpStatus()).isNull();
    assertThat(delivery.error()).contains("ConnectException");
  }

  @Test
  void shouldStartNoAttemptAfterTheRetryDeadline() {
    receiver.respondWith(503, 503, 503, 503, 503, 503, 503, 503, 503, 503);
    WebhookSender.Policy tightDeadline =
        new WebhookSender.Policy(
            Duration.ofSeconds(2),
            Duration.ofMillis(400),
            Duration.ofMillis(150),
            Duration.ofMillis(300));

    long started = System.nanoTime();
    Delivery delivery =
        sender(tightDeadline)
            .send(Actions.webhook("a", receiver.url("/hook")).setMaxAttempts(10).build());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(delivery.succeeded()).isFalse();
    assertThat(delivery.attempts()).isBetween(2, 4);
    assertThat(delivery.error()).contains("deadline");
    assertThat(took).isLessThan(Duration.ofMillis(1500));
  }

  private static WebhookSender sender(WebhookSender.Policy policy) {
    return new WebhookSender(
        WebhookSender.httpClient(Duration.ofSeconds(2)),
        new WebhookSignature(SECRET),
        policy,
        Clock.systemUTC(),
        RemediationMetrics.noop());
  }
}
