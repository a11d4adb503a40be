/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.bench;

import io.quell.correlate.core.CorrelationSettings;
import io.quell.correlate.core.Correlator;
import io.quell.correlate.core.InMemoryIncidentStore;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Alerts per second of the {@link Correlator} core on one thread, with JMH: each invocation plays a
 * whole alert stream, batch by batch in event time, through a fresh correlator with an {@link
 * InMemoryIncidentStore} (copying or sharing, see {@link #store}) and an {@code InMemoryTopology},
 * and then lets every incident close. JMH's ops/s are alert records per second.
 *
 * <ul>
 *   <li>{@code storm}: 200 services, 5 faults a minute apart, each alerting at the faulty service
 *       and its callers up to three calls away (repeats every 30 s for 10 minutes, then
 *       resolutions), and 150 noise alerts: {@value #STORM_RECORDS} records.
 *   <li>{@code steady}: 120 alerts on 60 services firing again every 30 s for an hour, then
 *       resolving: {@value #STEADY_RECORDS} records, nearly all repeats.
 * </ul>
 *
 * <p>Run: {@code mvn -o -B -pl correlate -Pbench test-compile exec:exec} (see correlate/README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class CorrelatorBenchmark {

  static final int STORM_RECORDS = 5_025;
  static final int STEADY_RECORDS = 14_520;

  /** The most edges between related services ({@code correlate.topology.max-hops}). */
  @Param({"1"})
  public int hops;

  /**
   * {@code copying}: an {@link InMemoryIncidentStore} that copies on every read and write, as a
   * serializing state backend (RocksDB) does; {@code sharing}: one that hands out its objects, as
   * the heap state backend and the offline evaluation do.
   */
  @Param({"copying", "sharing"})
  public String store;

  private AlertStreams.Stream storm;
  private AlertStreams.Stream steady;
  private CorrelationSettings settings;

  @Setup
  public void setUp() {
    storm = AlertStreams.storm(200, 5, 150, 7);
    steady = AlertStreams.steady(200, 120, 60, 11);
    settings = CorrelationSettings.defaults().withTopologyHops(hops);
    if (storm.records() != STORM_RECORDS || steady.records() != STEADY_RECORDS) {
      throw new IllegalStateException(
          "the streams changed: " + storm.records() + " and " + steady.records() + " records");
    }
  }

  @Benchmark
  @OperationsPerInvocation(STORM_RECORDS)
  public int storm() {
    return play(storm);
  }

  @Benchmark
  @OperationsPerInvocation(STEADY_RECORDS)
  public int steady() {
    return play(steady);
  }

  /**
   * Plays the stream and lets every incident close.
   *
   * @return how many incident versions were published
   */
  int play(AlertStreams.Stream stream) {
    InMemoryIncidentStore store =
        this.store.equals("sharing")
            ? InMemoryIncidentStore.sharing()
            : new InMemoryIncidentStore();
    Correlator correlator = new Correlator(settings, store, stream.topology());
    int versions = 0;
    long last = 0;
    for (Map.Entry<Long, List<Alert>> batch : stream.batches().entrySet()) {
      List<Incident> published = correlator.onAlerts(batch.getKey(), batch.getValue());
      versions += published.size();
      last = batch.getKey();
    }
    versions += correlator.advanceTo(last + TimeUnit.DAYS.toMillis(2)).size();
    if (!store.isEmpty()) {
      throw new IllegalStateException("incidents left open after the play");
    }
    return versions;
  }

  /** For the smoke test. */
  AlertStreams.Stream stormStream() {
    return storm;
  }
}
