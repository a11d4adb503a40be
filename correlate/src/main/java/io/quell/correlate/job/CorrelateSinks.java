/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.schemas.avro.Incident;
import io.quell.schemas.dlq.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where the correlate job writes to: Kafka in production ({@link KafkaCorrelateSinks}). */
public interface CorrelateSinks {

  /** Every incident version, keyed downstream by incident id. */
  void incidents(DataStream<Incident> incidents);

  /** Records that could not be processed; called only when the sources have any. */
  void deadLetters(DataStream<DeadLetter> deadLetters);
}
