/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.registry.SchemaRegistryException;
import java.util.Map;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaRecordPublisherTest {

  @Test
  void shouldConfigureAnIdempotentCompressingProducerWithShortTimeouts() {
    Map<String, Object> config =
        KafkaRecordPublisher.producerConfig(
            Map.of("bootstrap.servers", "k:9092", "quell.ingest.kafka.max-block.ms", "1500"),
            "test");

    assertThat(config)
        .containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", 5L)
        .containsEntry("max.block.ms", 1500L)
        .containsEntry("delivery.timeout.ms", 10_000)
        .containsEntry("client.id", "test");
  }

  @Test
  void shouldLetPassedThroughProducerSettingsWin() {
    Map<String, Object> config =
        KafkaRecordPublisher.producerConfig(
            Map.of("bootstrap.servers", "k:9092", "quell.ingest.producer.compression.type", "zstd"),
            "test");

    assertThat(config).containsEntry("compression.type", "zstd");
  }

  @Test
  void shouldRefuseEmptyBootstrapServers() {
    assertThatThrownBy(
            () -> KafkaRecordPublisher.producerConfig(Map.of("bootstrap.servers", " "), "test"))
        .hasMessageContaining("bootstrap.servers");
  }

  @Test
  void shouldLetTheIngestProducerSettingWinOverTheSharedOne() {
    Map<String, Object> config =
        KafkaRecordPublisher.producerConfig(
            Map.of(
                "security.protocol", "SSL",
                "quell.ingest.producer.security.protocol", "SASL_SSL"),
            "test");

    assertThat(config)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "127.0.0.1:9092");
  }

  @Test
  void shouldTellRetryableFailuresFromFinalOnes() {
    assertThat(reason(new BufferExhaustedException("full")))
        .isEqualTo(PublishException.Reason.BUFFER_FULL);
    assertThat(reason(new TimeoutException("no metadata")))
        .isEqualTo(PublishException.Reason.KAFKA_TIMEOUT);
    assertThat(reason(new NotLeaderOrFollowerException("moved")))
        .isEqualTo(PublishException.Reason.KAFKA_UNAVAILABLE);
    assertThat(reason(SchemaRegistryException.unreachable("register", "s", null, null)))
        .isEqualTo(PublishException.Reason.REGISTRY_UNAVAILABLE);
    assertThat(
            reason(
                new SerializationException(
                    "wrapped",
                    SchemaRegistryException.httpError("register", "s", null, 409, 409, "x"))))
        .isEqualTo(PublishException.Reason.REGISTRY_REJECTED);
    assertThat(reason(new RecordTooLargeException("big")))
        .isEqualTo(PublishException.Reason.KAFKA_REJECTED);
    assertThat(PublishException.Reason.KAFKA_TIMEOUT.isRetryable()).isTrue();
    assertThat(PublishException.Reason.KAFKA_REJECTED.isRetryable()).isFalse();
  }

  private static PublishException.Reason reason(Throwable error) {
    return KafkaRecordPublisher.classify(error, "topic").reason();
  }
}
