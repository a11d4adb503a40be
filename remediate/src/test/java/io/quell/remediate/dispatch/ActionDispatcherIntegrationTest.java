/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.testing.RecordingWebhookReceiver;
import io.quell.remediate.testing.RecordingWebhookReceiver.Call;
import io.quell.remediate.testing.TopicClient;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.serde.AvroSerializer;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(QuellStackExtension.class)
class ActionDispatcherIntegrationTest {

  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String SECRET = "it-secret";

  private RecordingWebhookReceiver receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = RecordingWebhookReceiver.start(SECRET);
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void shouldRetryAFailingReceiverAndWriteOneSuccessfulResult(QuellStack stack) {
    receiver.respondWith(500, 500);
    QuellTestTopics topics = QuellTestTopics.create(stack, "dispatch-retry");
    RemediationAction action = Actions.webhook("rule/0/retry", receiver.url("/hook")).build();

    try (TopicClient kafka = new TopicClient(topics);
        ActionDispatcher dispatcher = dispatcher(topics)) {
      dispatcher.start();
      kafka.send(QuellTopic.ACTIONS, action);

      ActionResult result = awaitResults(kafka, 1).get(0);
      assertThat(result.getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
      assertThat(result.getAttempts()).isEqualTo(3);
      assertThat(result.getHttpStatus()).isEqualTo(200);
      assertThat(result.getActionId()).isEqualTo("rule/0/retry");
      assertThat(result.getIncidentId()).isEqualTo(action.getIncidentId());
      assertThat(receiver.calls())
          .hasSize(3)
          .extracting(Call::idempotencyKey)
          .containsOnly("rule/0/retry");
      assertThat(receiver.calls())
          .extracting(Call::verification)
          .containsOnly(WebhookSignature.Verification.VALID);
      assertThat(kafka.readAll(QuellTopic.DLQ, Duration.ofSeconds(1))).isEmpty();
    }
  }

  @Test
  void shouldWriteAFailedResultAndADeadLetterWhenTheReceiverRejects(QuellStack stack) {
    receiver.respondWith(404);
    QuellTestTopics topics = QuellTestTopics.create(stack, "dispatch-reject");
    RemediationAction action = Actions.webhook("rule/0/rejected", receiver.url("/hook")).build();

    try (TopicClient kafka = new TopicClient(topics);
        ActionDispatcher dispatcher = dispatcher(topics)) {
      dispatcher.start();
      kafka.send(QuellTopic.ACTIONS, action);

      ActionResult result = awaitResults(kafka, 1).get(0);
      assertThat(result.getOutcome()).isEqualTo(ActionOutcome.FAILED);
      assertThat(result.getAttempts()).isEqualTo(1);
      assertThat(result.getHttpStatus()).isEqualTo(404);
      assertThat(result.getError()).contains("404");
      List<ConsumerRecord<byte[], byte[]>> letters =
          kafka.readAll(QuellTopic.DLQ, Duration.ofSeconds(2));
      assertThat(letters).hasSize(1);
      DeadLetter letter = DeadLetter.fromRecord(letters.get(0));
      assertThat(letter.stage()).isEqualTo(ActionDispatcher.FAILED_STAGE);
      assertThat(letter.sourceTopic()).isEqualTo(topics.topics().name(QuellTopic.ACTIONS));
      assertThat(letter.reason()).contains("404");
      assertThat(letter.errorClass())
          .isEqualTo(ActionDispatcher.ActionFailedException.class.getName());
      assertThat(letter.value())
          .isEqualTo(
              new AvroSerializer<RemediationAction>(topics.registryOptions())
                  .serialize(topics.topics().name(QuellTopic.ACTIONS), action));
    }
  }

  @Test
  void shouldRefuseADestinationOutsideTheAllowlist(QuellStack stack) {
    QuellTestTopics topics = QuellTestTopics.create(stack, "dispatch-refuse");
    // The allowlist holds 127.0.0.1:<port>; "localhost" is another name, not looked up.
    URI elsewhere = URI.create("http://localhost:" + receiver.port() + "/hook");

    try (TopicClient kafka = new TopicClient(topics);
        ActionDispatcher dispatcher = dispatcher(topics)) {
      dispatcher.start();
      kafka.send(QuellTopic.ACTIONS, Actions.webhook("rule/0/elsewhere", elsewhere).build());

      ActionResult result = awaitResults(kafka, 1).get(0);
      assertThat(result.getOutcome()).isEqualTo(ActionOutcome.REFUSED);
      assertThat(result.getAttempts()).isZero();
      assertThat(result.getError()).contains("allowlist");
      assertThat(receiver.calls()).isEmpty();
    }
  }

  @Test
  void shouldDeadLetterAnUndecodableActionAndGoOn(QuellStack stack) {
    QuellTestTopics topics = QuellTestTopics.create(stack, "dispatch-garbage");

    try (TopicClient kafka = new TopicClient(topics);
        ActionDispatcher dispatcher = dispatcher(topics)) {
      dispatcher.start();
      kafka.sendRaw(QuellTopic.ACTIONS, "inc-1", "garbage".getBytes(StandardCharsets.UTF_8));
      kafka.send(
          QuellTopic.ACTIONS,
          Actions.webhook("rule/0/after", receiver.url("/hook")).setIncidentId("inc-1").build());

      assertThat(awaitResults(kafka, 1).get(0).getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
      List<ConsumerRecord<byte[], byte[]>> letters =
          kafka.readAll(QuellTopic.DLQ, Duration.ofSeconds(2));
      assertThat(letters).hasSize(1);
      assertThat(DeadLetter.fromRecord(letters.get(0)).stage())
          .isEqualTo(ActionDispatcher.DECODE_STAGE);
      assertThat(letters.get(0).value()).isEqualTo("garbage".getBytes(StandardCharsets.UTF_8));
    }
  }

  private ActionDispatcher dispatcher(QuellTestTopics topics) {
    Map<String, Object> config = topics.config();
    config.put(
        RemediateOptions.APPLICATION_ID.key(),
        "dispatch-it-" + RUNS.incrementAndGet() + "-" + ProcessHandle.current().pid());
    config.put(RemediateOptions.WEBHOOK_SECRET.key(), SECRET);
    config.put(RemediateOptions.ALLOWED_HOSTS.key(), "127.0.0.1:" + receiver.port());
    config.put(RemediateOptions.DISPATCH_INITIAL_BACKOFF.key(), 20);
    config.put(RemediateOptions.DISPATCH_MAX_BACKOFF.key(), 100);
    RemediationMetrics metrics = RemediationMetrics.noop();
    ActionExecutor executor =
        ActionExecutor.fromConfig(
            config, WebhookSender.httpClient(Duration.ofSeconds(2)), Clock.systemUTC(), metrics);
    return new ActionDispatcher(config, executor, metrics);
  }

  private static List<ActionResult> awaitResults(TopicClient kafka, int count) {
    return await()
        .atMost(PATIENCE)
        .until(
            () -> kafka.readValues(QuellTopic.ACTION_RESULTS, Duration.ofMillis(800)),
            results -> results.size() >= count);
  }
}
