/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pacing by a target of events per second, on a wall clock that only moves when slept on. */
class SimulatorPacingTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** A wall clock that stands still except when the simulator sleeps. */
  private static final class FakeWall implements WallClock {
    long now = 1_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      sleeps.add(nanos);
      now += nanos;
    }
  }

  /** Records the fake wall time at which each event was handed to the sink. */
  private static final class TimedSink extends RecordingEventSink {
    final FakeWall wall;
    final List<Long> sentAt = new ArrayList<>();

    TimedSink(FakeWall wall) {
      this.wall = wall;
    }

    @Override
    public void metrics(List<MetricPoint> sent) {
      super.metrics(sent);
      sent.forEach(e -> sentAt.add(wall.now));
    }

    @Override
    public void logs(List<LogEvent> sent) {
      super.logs(sent);
      sent.forEach(e -> sentAt.add(wall.now));
    }
  }

  private static Scenario twoMinutes() {
    return Scenario.demo(42).withFaults(List.of()).withLength(Duration.ofMinutes(2));
  }

  @Test
  void shouldSendEventNumberNAtNOverTheTargetRate() throws Exception {
    FakeWall wall = new FakeWall();
    long wallStart = wall.now;
    TimedSink sink = new TimedSink(wall);
    SimulatorOptions options =
        SimulatorOptions.defaults().withStart(NOW).withSpeed(1).withEventsPerSecond(500);

    SimulationSummary summary =
        new Simulator(twoMinutes(), options, Clock.fixed(NOW, ZoneOffset.UTC), wall)
            .run(sink, ProgressListener.NONE);

    long events = summary.logs() + summary.metrics();
    assertThat(sink.sentAt).hasSize((int) events);
    for (int n = 0; n < sink.sentAt.size(); n++) {
      long due = wallStart + (long) (n * 1e9 / 500);
      // Each chunk of 50 events (a tenth of a second's worth) goes out when its first one is due.
      assertThat(sink.sentAt.get(n)).isBetween(due - 100_000_000L, due);
    }
    assertThat(summary.wallTime()).isEqualTo(Duration.ofNanos((long) (events * 1e9 / 500)));
    assertThat(wall.sleeps).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(100_000_000L));
  }

  @Test
  void shouldReportTheAchievedRateInProgress() throws Exception {
    FakeWall wall = new FakeWall();
    List<ProgressListener.Progress> reports = new ArrayList<>();
    SimulatorOptions options =
        SimulatorOptions.defaults().withStart(NOW).withEventsPerSecond(2_000);

    SimulationSummary summary =
        new Simulator(twoMinutes(), options, Clock.fixed(NOW, ZoneOffset.UTC), wall)
            .run(new RecordingEventSink(), reports::add);

    // Progress comes when a step's last chunk is out, a little before its tenth of a second ends.
    // (The first steps fit into the first chunks, sent at once: no rate to speak of yet.)
    assertThat(reports)
        .filteredOn(p -> p.wallTime().compareTo(Duration.ofMillis(500)) >= 0)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.eventsPerSecond()).isBetween(2_000.0, 2_500.0));
    double played = (summary.logs() + summary.metrics()) / (summary.wallTime().toNanos() / 1e9);
    assertThat(played).isCloseTo(2_000, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void shouldPaceBySimulatedTimeOnTheSameClockWithoutARate() throws Exception {
    FakeWall wall = new FakeWall();
    SimulatorOptions options = SimulatorOptions.defaults().withStart(NOW).withSpeed(30);

    SimulationSummary summary =
        new Simulator(twoMinutes(), options, Clock.fixed(NOW, ZoneOffset.UTC), wall)
            .run(new RecordingEventSink(), ProgressListener.NONE);

    assertThat(summary.wallTime()).isEqualTo(Duration.ofSeconds(4));
    assertThat(wall.sleeps).hasSize(12);
  }

  @Test
  void shouldSendInChunksOfATenthOfASecond() {
    assertThat(Simulator.chunkSize(500)).isEqualTo(50);
    assertThat(Simulator.chunkSize(5)).isEqualTo(1);
    assertThat(Simulator.chunkSize(1e12)).isEqualTo(Integer.MAX_VALUE);
    assertThat(Simulator.dueNanos(100, 250, 500)).isEqualTo(100 + 500_000_000L);
  }

  @Test
  void shouldStartALengthAgoWhenPacedByEvents() {
    Duration length = Duration.ofMinutes(15);

    assertThat(
            SimulatorOptions.defaults()
                .withSpeed(30)
                .withEventsPerSecond(1000)
                .resolveStart(length, NOW))
        .isEqualTo(NOW.minus(length));
  }

  @Test
  void shouldReadTheTargetRateSetting() {
    assertThat(
            SimulatorOptions.fromConfig(Map.of("quell.ingest.simulator.events-per-second", "2500"))
                .eventsPerSecond())
        .isEqualTo(2500);
    assertThat(SimulatorOptions.defaults().pacedByEvents()).isFalse();
    assertThatThrownBy(
            () ->
                SimulatorOptions.fromConfig(
                    Map.of("quell.ingest.simulator.events-per-second", "-3")))
        .hasMessageContaining("quell.ingest.simulator.events-per-second");
  }
}
