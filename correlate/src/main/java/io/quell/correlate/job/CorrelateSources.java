/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.dlq.DeadLetter;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the correlate job reads from: Kafka in production ({@link KafkaCorrelateSources}), fixed
 * collections in tests. Streams need no timestamps: the job takes event time from the alerts.
 */
public interface CorrelateSources {

  /** Decoded alerts, in any order. */
  DataStream<Alert> alerts(StreamExecutionEnvironment env);

  /** Changes of the service topology: edges added, replaced and removed. */
  DataStream<TopologyUpdate> topologyUpdates(StreamExecutionEnvironment env);

  /** Silences created, replaced and deleted (quell.silences); null for sources without silences. */
  default DataStream<SilenceUpdate> silenceUpdates(StreamExecutionEnvironment env) {
    return null;
  }

  /**
   * Records the sources could not decode; asked for after the other streams were built. Sources
   * that cannot fail to decode have none.
   */
  default List<DataStream<DeadLetter>> deadLetters() {
    return List.of();
  }
}
