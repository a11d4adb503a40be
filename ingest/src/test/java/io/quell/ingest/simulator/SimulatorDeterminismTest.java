/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.TopologyEdge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The same seed and start give the same bytes, fault kinds and overlaps included. */
class SimulatorDeterminismTest {

  private static final Instant START = Instant.parse("2026-05-04T21:17:00Z");

  /** Every event of a play of the storm, as Avro binary and ground truth JSON, in sending order. */
  private static byte[] play(long seed, Instant start) throws Exception {
    Scenario storm =
        Scenario.storm(
            seed,
            TopologyGenerator.layered(30, seed),
            Scenario.STORM_LENGTH,
            Scenario.DEFAULT_STEP);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EventSink sink =
        new RecordingEventSink() {
          @Override
          public void topology(java.util.List<TopologyEdge> edges) {
            edges.forEach(e -> write(bytes, () -> e.toByteBuffer().array()));
          }

          @Override
          public void logs(java.util.List<LogEvent> logs) {
            logs.forEach(l -> write(bytes, () -> l.toByteBuffer().array()));
          }

          @Override
          public void metrics(java.util.List<MetricPoint> metrics) {
            metrics.forEach(m -> write(bytes, () -> m.toByteBuffer().array()));
          }

          @Override
          public void groundTruth(GroundTruth truth) {
            write(bytes, truth::toJson);
          }
        };
    new Simulator(storm, SimulatorOptions.defaults().withSpeed(0).withStart(start))
        .run(sink, ProgressListener.NONE);
    return bytes.toByteArray();
  }

  private interface Bytes {
    byte[] get() throws IOException;
  }

  private static void write(ByteArrayOutputStream out, Bytes bytes) {
    try {
      out.write(bytes.get());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void shouldSendByteIdenticalEventsForTheSameSeedAndStart() throws Exception {
    byte[] first = play(11, START);
    byte[] second = play(11, START);

    assertThat(first.length).isGreaterThan(1_000_000);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void shouldSendOtherBytesForAnotherSeedOrStart() throws Exception {
    byte[] reference = play(11, START);

    assertThat(play(12, START)).isNotEqualTo(reference);
    assertThat(play(11, START.plusSeconds(3600))).isNotEqualTo(reference);
  }
}
