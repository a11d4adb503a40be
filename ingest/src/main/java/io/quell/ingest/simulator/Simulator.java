/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.schemas.avro.TopologyEdge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link Scenario} into an {@link EventSink}: first the topology edges, then the warm-up if
 * the options ask for one (calm history before the scenario's start, unpaced), then step by step
 * the metric samples and log lines of every service, and each fault's ground truth in the step
 * where it starts. After every step the sink is flushed, which bounds what is in flight, and the
 * play waits as long as the speed asks.
 *
 * <pre>{@code
 * Scenario scenario = Scenario.demo(42);
 * Simulator simulator = new Simulator(scenario, SimulatorOptions.defaults().withSpeed(30));
 * try (EventSink sink = new KafkaEventSink(config)) {
 *   SimulationSummary summary = simulator.run(sink, progress -> ...);
 * }
 * }</pre>
 *
 * <p>The start is fixed when the simulator is built, so {@link #groundTruth()} can be read before
 * the play. A simulator plays once.
 */
public final class Simulator {

  private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

  private final Scenario scenario;
  private final SimulatorOptions options;
  private final Instant start;
  private final WallClock wall;
  private boolean played;

  public Simulator(Scenario scenario, SimulatorOptions options) {
    this(scenario, options, Clock.systemUTC());
  }

  /** A simulator whose default start is taken from {@code clock}. */
  public Simulator(Scenario scenario, SimulatorOptions options, Clock clock) {
    this(scenario, options, clock, WallClock.SYSTEM);
  }

  /** A simulator paced by {@code wall}. */
  Simulator(Scenario scenario, SimulatorOptions options, Clock clock, WallClock wall) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.options = Objects.requireNonNull(options, "options");
    this.start = options.resolveStart(scenario.length(), clock.instant());
    this.wall = Objects.requireNonNull(wall, "wall");
  }

  public Scenario scenario() {
    return scenario;
  }

  /** Event time of the first step. */
  public Instant start() {
    return start;
  }

  /** Event time at the end of the last step. */
  public Instant end() {
    return start.plus(scenario.step().multipliedBy(scenario.steps()));
  }

  /** The ground truth of this play's faults, in event time. */
  public List<GroundTruth> groundTruth() {
    return scenario.groundTruth(start);
  }

  /**
   * Plays the scenario. Does not close the sink.
   *
   * @throws InterruptedException when the thread is interrupted while pacing; what was sent stays
   *     sent
   * @throws SinkException when the sink cannot deliver
   * @throws UncheckedIOException when the ground truth file cannot be written
   * @throws IllegalStateException when this simulator has played already
   */
  public SimulationSummary run(EventSink sink, ProgressListener progress)
      throws InterruptedException {
    synchronized (this) {
      if (played) {
        throw new IllegalStateException("A simulator plays once; build another one");
      }
      played = true;
    }
    if (options.groundTruthFile() != null) {
      try {
        GroundTruth.writeFile(options.groundTruthFile(), groundTruth());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Could not write the ground truth to " + options.groundTruthFile(), e);
      }
    }
    LOG.info(
        "Playing {} from {} at {} ({} steps)",
        scenario,
        start,
        options.pacedByEvents()
            ? options.eventsPerSecond() + " events/s"
            : "speed " + (options.speed() == 0 ? "max" : options.speed()),
        scenario.steps());
    List<TopologyEdge> edges = scenario.topology().edges();
    sink.topology(edges);
    sink.flush();
    warmUp(sink, warmUpSteps());
    long wallStart = wall.nanoTime();

    EventGenerator generator = new EventGenerator(scenario, start);
    List<GroundTruth> allTruths = groundTruth();
    long logs = 0;
    long metrics = 0;
    int truths = 0;
    int steps = scenario.steps();
    for (int step = 0; step < steps; step++) {
      pace(wallStart, step + 1);
      EventGenerator.StepEvents events = generator.next();
      for (GroundTruth truth : events.faultsStarting()) {
        sink.groundTruth(truth);
        truths++;
      }
      if (options.pacedByEvents()) {
        long sent = logs + metrics;
        sent = sendPaced(events.metrics(), sink::metrics, wallStart, sent);
        sendPaced(events.logs(), sink::logs, wallStart, sent);
      } else {
        sink.metrics(events.metrics());
        sink.logs(events.logs());
      }
      sink.flush();
      metrics += events.metrics().size();
      logs += events.logs().size();
      progress.onStep(
          new ProgressListener.Progress(
              step + 1,
              steps,
              events.time().plus(scenario.step()),
              logs,
              metrics,
              activeFaults(allTruths, events.time()),
              Duration.ofNanos(wall.nanoTime() - wallStart)));
    }
    if (options.pacedByEvents()) {
      // The last chunk has its tenth of a second too, so that the play's rate is the target.
      waitUntil(dueNanos(wallStart, logs + metrics, options.eventsPerSecond()));
    }
    Duration wallTime = Duration.ofNanos(wall.nanoTime() - wallStart);
    LOG.info(
        "Played {} steps: {} metric points, {} log lines in {}", steps, metrics, logs, wallTime);
    return new SimulationSummary(
        start, end(), steps, logs, metrics, edges.size(), truths, wallTime);
  }

  /** Steps of calm history before the scenario: the warm-up rounded up to whole steps. */
  private int warmUpSteps() {
    long stepMillis = scenario.step().toMillis();
    return (int) ((options.warmUp().toMillis() + stepMillis - 1) / stepMillis);
  }

  /**
   * Plays the warm-up, unpaced: {@code warmUpSteps} steps of the scenario's services without
   * faults, ending where the scenario starts. Every level of the simulated traffic is a function of
   * the event time and the seed (daily cycle, trends, per-service constants), so the history runs
   * straight into the scenario; its noise is drawn from fresh generators of the same seed, so the
   * scenario's own events are exactly those of a play without warm-up.
   */
  private void warmUp(EventSink sink, int warmUpSteps) {
    if (warmUpSteps == 0) {
      return;
    }
    Scenario calm =
        new Scenario(
            scenario.name() + "-warm-up",
            scenario.seed(),
            scenario.topology(),
            List.of(),
            scenario.step().multipliedBy(warmUpSteps),
            scenario.step());
    EventGenerator generator =
        new EventGenerator(calm, start.minus(scenario.step().multipliedBy(warmUpSteps)));
    LOG.info(
        "Warming up: {} steps of calm history before {}, as fast as the sink takes them",
        warmUpSteps,
        start);
    long wallStart = wall.nanoTime();
    long metrics = 0;
    long logs = 0;
    for (int step = 0; step < warmUpSteps; step++) {
      EventGenerator.StepEvents events = generator.next();
      sink.metrics(events.metrics());
      sink.logs(events.logs());
      sink.flush();
      metrics += events.metrics().size();
      logs += events.logs().size();
    }
    LOG.info(
        "Warmed up: {} metric points, {} log lines in {}",
        metrics,
        logs,
        Duration.ofNanos(wall.nanoTime() - wallStart));
  }

  /** Waits until the wall clock has caught up with the end of step {@code stepsDone}. */
  private void pace(long wallStart, int stepsDone) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("The simulation was interrupted");
    }
    if (options.speed() == 0 || options.pacedByEvents()) {
      return;
    }
    long dueNanos =
        wallStart + (long) (scenario.step().toNanos() * (double) stepsDone / options.speed());
    waitUntil(dueNanos);
  }

  /**
   * Sends {@code events} in chunks of a tenth of a second's worth, each once the wall clock has
   * caught up with the events sent before it: event {@code n} of the play goes out {@code n /
   * eventsPerSecond} seconds after the start. Returns the events sent so far.
   */
  private <T> long sendPaced(
      List<T> events, Consumer<List<T>> send, long wallStart, long sentBefore)
      throws InterruptedException {
    int chunk = chunkSize(options.eventsPerSecond());
    long sent = sentBefore;
    for (int from = 0; from < events.size(); from += chunk) {
      waitUntil(dueNanos(wallStart, sent, options.eventsPerSecond()));
      int to = Math.min(events.size(), from + chunk);
      send.accept(events.subList(from, to));
      sent += to - from;
    }
    return sent;
  }

  /** Events sent in one go when pacing at {@code eventsPerSecond}: a tenth of a second's worth. */
  static int chunkSize(double eventsPerSecond) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(eventsPerSecond / 10)));
  }

  /** When event number {@code sent} (counting from 0) is due, on the wall clock. */
  static long dueNanos(long wallStart, long sent, double eventsPerSecond) {
    return wallStart + (long) (sent * 1e9 / eventsPerSecond);
  }

  private void waitUntil(long dueNanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("The simulation was interrupted");
    }
    long waitNanos = dueNanos - wall.nanoTime();
    if (waitNanos > 0) {
      wall.sleepNanos(waitNanos);
    }
  }

  private static List<String> activeFaults(List<GroundTruth> truths, Instant time) {
    List<String> active = new ArrayList<>();
    for (GroundTruth truth : truths) {
      for (GroundTruth.AffectedService impact : truth.impacts()) {
        if (!time.isBefore(impact.start()) && time.isBefore(impact.end())) {
          active.add(truth.id());
          break;
        }
      }
    }
    return active;
  }
}
