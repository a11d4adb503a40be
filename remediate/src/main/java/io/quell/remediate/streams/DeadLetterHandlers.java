/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.streams;

import io.quell.remediate.RemediationMetrics;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams error handlers that turn a bad record into a dead letter on quell.dlq and go on.
 * Streams writes the dead letter in the same transaction as the rest of the task's output, so a
 * record is either processed or dead-lettered, exactly once. Configured through the Streams
 * configuration, from which they read the topic settings (for the name of quell.dlq) and,
 * optionally, the metrics under {@link #METRICS_CONFIG}.
 */
public final class DeadLetterHandlers {

  /** Configuration key under which the service passes its {@link RemediationMetrics}. */
  public static final String METRICS_CONFIG = "quell.remediate.internal.metrics";

  public static final String DECODE_STAGE = "remediate.runbook.decode";
  public static final String PROCESS_STAGE = "remediate.runbook.process";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

  private DeadLetterHandlers() {}

  /**
   * Dead-letters records that can never be decoded ({@link MalformedRecordException}); fails on
   * anything else, such as an unreachable schema registry, so that the record is retried.
   */
  public static final class Deserialization implements DeserializationExceptionHandler {
    private String dlqTopic;
    private RemediationMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
      dlqTopic = Topics.fromConfig(configs).name(QuellTopic.DLQ);
      metrics = metricsFrom(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      if (!isMalformed(exception)) {
        LOG.error(
            "Cannot read {}-{}@{}; will retry",
            context.topic(),
            context.partition(),
            context.offset(),
            exception);
        return Response.fail();
      }
      LOG.warn(
          "Dead-lettering undecodable record {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          exception.getMessage());
      metrics.deadLetter(DECODE_STAGE);
      return Response.resume(
          List.of(
              DeadLetter.of(
                      record.topic(),
                      record.partition(),
                      record.offset(),
                      record.key(),
                      record.value(),
                      DECODE_STAGE,
                      exception)
                  .toProducerRecord(dlqTopic, record.headers())));
    }
  }

  /** Dead-letters a record whose processing threw (a bug or an incident no rule can render). */
  public static final class Processing implements ProcessingExceptionHandler {
    private String dlqTopic;
    private RemediationMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
      dlqTopic = Topics.fromConfig(configs).name(QuellTopic.DLQ);
      metrics = metricsFrom(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      LOG.error(
          "Dead-lettering {}-{}@{}: processing failed",
          context.topic(),
          context.partition(),
          context.offset(),
          exception);
      metrics.deadLetter(PROCESS_STAGE);
      ProducerRecord<byte[], byte[]> deadLetter =
          DeadLetter.of(
                  context.topic(),
                  context.partition(),
                  context.offset(),
                  context.sourceRawKey(),
                  context.sourceRawValue(),
                  PROCESS_STAGE,
                  exception)
              .toProducerRecord(dlqTopic, context.headers());
      return Response.resume(List.of(deadLetter));
    }
  }

  private static boolean isMalformed(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof MalformedRecordException) {
        return true;
      }
    }
    return false;
  }

  private static RemediationMetrics metricsFrom(Map<String, ?> configs) {
    return configs.get(METRICS_CONFIG) instanceof RemediationMetrics metrics
        ? metrics
        : RemediationMetrics.noop();
  }
}
