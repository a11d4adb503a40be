/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.MetricPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {

  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");
  private static final long SEED = 42;

  private static RecordingEventSink play(Scenario scenario) throws InterruptedException {
    RecordingEventSink sink = new RecordingEventSink();
    new Simulator(scenario, SimulatorOptions.defaults().withSpeed(0).withStart(NOON))
        .run(sink, ProgressListener.NONE);
    return sink;
  }

  /** Every service that depends on {@code root}, found without Topology's own search. */
  private static Set<String> dependentsOf(Topology topology, String root) {
    Set<String> reached = new LinkedHashSet<>(List.of(root));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Topology.Call call : topology.calls()) {
        if (reached.contains(call.callee()) && reached.add(call.caller())) {
          grew = true;
        }
      }
    }
    return reached;
  }

  private static Map<String, List<MetricPoint>> metricsByService(List<MetricPoint> metrics) {
    return metrics.stream().collect(Collectors.groupingBy(p -> p.getLabels().get("service")));
  }

  private static Map<String, List<LogEvent>> logsByService(List<LogEvent> logs) {
    return logs.stream().collect(Collectors.groupingBy(LogEvent::getService));
  }

  private static double mean(List<MetricPoint> points, String name, Predicate<Instant> when) {
    return points.stream()
        .filter(p -> p.getName().equals(name) && when.test(p.getTimestamp()))
        .mapToDouble(MetricPoint::getValue)
        .average()
        .orElseThrow();
  }

  @Test
  void shouldSendTheSameEventsForTheSameSeed() throws Exception {
    RecordingEventSink first = play(Scenario.demo(SEED));
    RecordingEventSink second = play(Scenario.demo(SEED));

    assertThat(first.edges).isEqualTo(second.edges);
    assertThat(first.metrics).isEqualTo(second.metrics);
    assertThat(first.logs).isEqualTo(second.logs);
    assertThat(first.truths).isEqualTo(second.truths);
  }

  @Test
  void shouldSendOtherEventsForAnotherSeed() throws Exception {
    assertThat(play(Scenario.demo(SEED)).metrics).isNotEqualTo(play(Scenario.demo(7)).metrics);
  }

  @Test
  void shouldChangeExactlyTheRootAndItsTransitiveCallers() throws Exception {
    for (long seed : new long[] {SEED, 1, 2, 3}) {
      Scenario withFault = Scenario.demo(seed);
      Scenario without = withFault.withFaults(List.of());
      Set<String> expected = dependentsOf(withFault.topology(), withFault.faults().get(0).root());

      Map<String, List<MetricPoint>> faultMetrics = metricsByService(play(withFault).metrics);
      Map<String, List<MetricPoint>> calmMetrics = metricsByService(play(without).metrics);
      Map<String, List<LogEvent>> faultLogs = logsByService(play(withFault).logs);
      Map<String, List<LogEvent>> calmLogs = logsByService(play(without).logs);

      Set<String> changed = new HashSet<>();
      for (Service service : withFault.topology().services()) {
        String name = service.name();
        if (!faultMetrics.get(name).equals(calmMetrics.get(name))
            || !faultLogs
                .getOrDefault(name, List.of())
                .equals(calmLogs.getOrDefault(name, List.of()))) {
          changed.add(name);
        }
      }
      assertThat(changed).as("services changed by the fault, seed %d", seed).isEqualTo(expected);
      assertThat(expected).as("the demo fault spreads beyond its root").hasSizeGreaterThan(2);
    }
  }

  @Test
  void shouldRaiseLatencyAndErrorsOfAffectedServicesOnlyWhileTheFaultLasts() throws Exception {
    Scenario scenario = Scenario.demo(SEED);
    RecordingEventSink sink = play(scenario);
    GroundTruth truth = sink.truths.get(0);
    Map<String, List<MetricPoint>> metrics = metricsByService(sink.metrics);
    Instant faultStart = truth.start();

    for (GroundTruth.AffectedService impact : truth.impacts()) {
      List<MetricPoint> points = metrics.get(impact.service());
      Predicate<Instant> before = t -> t.isBefore(faultStart);
      Predicate<Instant> during = t -> !t.isBefore(impact.start()) && t.isBefore(impact.end());
      Predicate<Instant> after = t -> !t.isBefore(impact.end());

      double normalLatency = mean(points, EventGenerator.LATENCY_P99, before);
      assertThat(mean(points, EventGenerator.LATENCY_P99, during))
          .as("latency of %s during the fault", impact.service())
          .isGreaterThan(2 * normalLatency);
      assertThat(mean(points, EventGenerator.LATENCY_P99, after))
          .as("latency of %s after the fault", impact.service())
          .isLessThan(1.3 * normalLatency);
      assertThat(mean(points, EventGenerator.ERROR_RATE, during))
          .as("errors of %s during the fault", impact.service())
          .isGreaterThan(5 * mean(points, EventGenerator.ERROR_RATE, before));
    }
  }

  @Test
  void shouldLogErrorsOnlyAtAffectedServicesWhileTheyAreHit() throws Exception {
    Scenario scenario = Scenario.demo(SEED);
    RecordingEventSink sink = play(scenario);
    Map<String, GroundTruth.AffectedService> impacts = new HashMap<>();
    sink.truths.get(0).impacts().forEach(impact -> impacts.put(impact.service(), impact));

    List<LogEvent> errors =
        sink.logs.stream().filter(log -> log.getLevel() == LogLevel.ERROR).toList();
    assertThat(errors).isNotEmpty();
    for (LogEvent error : errors) {
      GroundTruth.AffectedService impact = impacts.get(error.getService());
      assertThat(impact).as("error logged by unaffected %s", error.getService()).isNotNull();
      assertThat(error.getTimestamp()).isBetween(impact.start(), impact.end());
    }
    Set<String> servicesWithErrors =
        errors.stream().map(LogEvent::getService).collect(Collectors.toSet());
    assertThat(servicesWithErrors).isEqualTo(impacts.keySet());
    assertThat(play(scenario.withFaults(List.of())).logs)
        .as("a calm play logs no errors, only now and then a retry")
        .allMatch(
            log ->
                log.getLevel() == LogLevel.INFO
                    || log.getLevel() == LogLevel.WARN
                        && log.getMessage().contains("timed out after")
                        && log.getMessage().contains("retrying"));
  }

  @Test
  void shouldNameTheDependencyTheFaultCameThroughInCallerLogs() throws Exception {
    Scenario scenario = Scenario.demo(SEED);
    String root = scenario.faults().get(0).root();
    RecordingEventSink sink = play(scenario);

    List<String> timeouts =
        sink.logs.stream()
            .map(LogEvent::getMessage)
            .filter(message -> message.startsWith("call to " + root + " timed out"))
            .toList();
    assertThat(timeouts).isNotEmpty();
  }

  @Test
  void shouldSendGroundTruthMatchingTheInjectedFault() throws Exception {
    Scenario scenario = Scenario.demo(SEED);
    Fault fault = scenario.faults().get(0);
    RecordingEventSink sink = play(scenario);

    assertThat(sink.truths).hasSize(1);
    GroundTruth truth = sink.truths.get(0);
    assertThat(truth.id()).isEqualTo("fault-1");
    assertThat(truth.kind()).isEqualTo("slowdown");
    assertThat(truth.rootService()).isEqualTo(fault.root());
    assertThat(truth.start()).isEqualTo(NOON.plus(Duration.ofMinutes(6)));
    assertThat(truth.end()).isEqualTo(NOON.plus(Duration.ofMinutes(11)));
    assertThat(truth.affectedServices().get(0)).isEqualTo(fault.root());
    assertThat(new HashSet<>(truth.affectedServices()))
        .isEqualTo(dependentsOf(scenario.topology(), fault.root()));
    Map<String, Integer> hops = scenario.topology().transitiveCallers(fault.root());
    for (GroundTruth.AffectedService impact : truth.impacts()) {
      int expectedHops = impact.service().equals(fault.root()) ? 0 : hops.get(impact.service());
      assertThat(impact.hops()).isEqualTo(expectedHops);
      assertThat(impact.start())
          .isEqualTo(truth.start().plus(Propagation.DEFAULT.hopDelay().multipliedBy(expectedHops)));
      assertThat(impact.end()).isEqualTo(impact.start().plus(Duration.ofMinutes(5)));
      assertThat(impact.intensity())
          .isCloseTo(Math.pow(0.7, expectedHops), org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @Test
  void shouldKeepEventTimesInsideTheScenarioAndInOrderPerService() throws Exception {
    Scenario scenario = Scenario.demo(SEED);
    RecordingEventSink sink = play(scenario);
    Instant end = NOON.plus(scenario.length());

    assertThat(sink.metrics).hasSize(scenario.steps() * 12 * EventGenerator.METRICS_PER_SERVICE);
    assertThat(sink.metrics)
        .allSatisfy(p -> assertThat(p.getTimestamp()).isBetween(NOON, end.minusMillis(1)));
    for (List<LogEvent> logs : logsByService(sink.logs).values()) {
      List<Instant> times = logs.stream().map(LogEvent::getTimestamp).toList();
      assertThat(times).isSorted();
      assertThat(times).allSatisfy(t -> assertThat(t).isBetween(NOON, end.minusMillis(1)));
    }
  }

  @Test
  void shouldKeepLogVolumeModest() throws Exception {
    Scenario scenario = Scenario.demo(SEED).withFaults(List.of());
    RecordingEventSink sink = play(scenario);

    double perServicePerStep = sink.logs.size() / (double) (scenario.steps() * 12);
    assertThat(perServicePerStep).isBetween(1.0, 4.0);
  }

  @Test
  void shouldLabelMetricsWithServiceAndTier() throws Exception {
    RecordingEventSink sink = play(Scenario.demo(SEED));

    assertThat(sink.metrics)
        .allSatisfy(p -> assertThat(p.getLabels()).containsOnlyKeys("service", "tier"));
    assertThat(sink.metrics.stream().map(MetricPoint::getName).distinct())
        .containsExactlyInAnyOrder(
            "http_requests_per_second",
            "http_request_duration_p99_seconds",
            "http_errors_per_second",
            "process_cpu_usage",
            "http_request_duration_p50_seconds",
            "http_request_duration_p95_seconds",
            "process_resident_memory_bytes",
            "pool_utilization_ratio");
    assertThat(sink.metrics)
        .allSatisfy(p -> assertThat(p.getValue()).isFinite().isGreaterThanOrEqualTo(0));
    assertThat(
            sink.metrics.stream()
                .filter(
                    p ->
                        p.getName().equals("process_cpu_usage")
                            || p.getName().equals("pool_utilization_ratio")))
        .allSatisfy(p -> assertThat(p.getValue()).isLessThanOrEqualTo(1));
  }

  @Test
  void shouldSpreadAnErrorBurstToTheSameDependents() throws Exception {
    Scenario demo = Scenario.demo(SEED);
    String root = demo.faults().get(0).root();
    Scenario burst =
        demo.withFaults(
            List.of(
                new Fault(
                    "burst",
                    FaultKinds.ERROR_BURST,
                    root,
                    Duration.ofMinutes(2),
                    Duration.ofMinutes(3),
                    Propagation.DEFAULT)));
    RecordingEventSink sink = play(burst);

    assertThat(new HashSet<>(sink.truths.get(0).affectedServices()))
        .isEqualTo(dependentsOf(demo.topology(), root));
    assertThat(sink.logs)
        .anySatisfy(log -> assertThat(log.getMessage()).startsWith("deployed version"));
    List<MetricPoint> rootPoints = metricsByService(sink.metrics).get(root);
    Instant start = NOON.plus(Duration.ofMinutes(2));
    Instant end = NOON.plus(Duration.ofMinutes(5));
    assertThat(
            mean(rootPoints, EventGenerator.ERROR_RATE, t -> !t.isBefore(start) && t.isBefore(end)))
        .isGreaterThan(20 * mean(rootPoints, EventGenerator.ERROR_RATE, t -> t.isBefore(start)));
  }

  @Test
  void shouldReportProgressAfterEveryStep() throws Exception {
    Scenario scenario = Scenario.demo(SEED);
    List<ProgressListener.Progress> reports = new ArrayList<>();
    Simulator simulator =
        new Simulator(scenario, SimulatorOptions.defaults().withSpeed(0).withStart(NOON));

    SimulationSummary summary = simulator.run(new RecordingEventSink(), reports::add);

    assertThat(reports).hasSize(scenario.steps());
    assertThat(reports).extracting(ProgressListener.Progress::step).isSorted();
    ProgressListener.Progress last = reports.get(reports.size() - 1);
    assertThat(last.simulatedTime()).isEqualTo(simulator.end());
    assertThat(last.events()).isEqualTo(summary.logs() + summary.metrics());
    assertThat(reports.get(0).activeFaults()).isEmpty();
    assertThat(reports.get(40).activeFaults()).containsExactly("fault-1");
    assertThat(summary.groundTruths()).isEqualTo(1);
    assertThat(summary.edges()).isEqualTo(scenario.topology().calls().size());
  }

  @Test
  void shouldPaceThePlayAtTheSpeedFactor() throws Exception {
    Scenario scenario =
        Scenario.demo(SEED).withFaults(List.of()).withLength(Duration.ofSeconds(30));
    RecordingEventSink sink = new RecordingEventSink();

    SimulationSummary summary =
        new Simulator(scenario, SimulatorOptions.defaults().withSpeed(15)).run(sink, p -> {});

    assertThat(summary.wallTime()).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(5));
    assertThat(sink.flushes).isEqualTo(1 + scenario.steps());
  }

  @Test
  void shouldPlayTheDemoWithinFortySecondsAtDemoSpeed() throws Exception {
    Duration demoWall =
        Duration.ofMillis((long) (Scenario.DEMO_LENGTH.toMillis() / Scenario.DEMO_SPEED));
    assertThat(demoWall).isLessThanOrEqualTo(Duration.ofSeconds(40));

    long started = System.nanoTime();
    play(Scenario.demo(SEED));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("computing the demo leaves the wall time to pacing")
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shouldNeverSendEventsFromTheFutureWithTheDefaultStart() throws Exception {
    Scenario scenario =
        Scenario.demo(SEED).withFaults(List.of()).withLength(Duration.ofSeconds(40));
    List<Instant> latestAtSend = new ArrayList<>();
    List<Instant> wallAtSend = new ArrayList<>();
    EventSink sink =
        new RecordingEventSink() {
          @Override
          public void metrics(List<MetricPoint> sent) {
            latestAtSend.add(
                sent.stream().map(MetricPoint::getTimestamp).max(Instant::compareTo).orElseThrow());
            wallAtSend.add(Instant.now());
          }
        };

    new Simulator(scenario, SimulatorOptions.defaults().withSpeed(20)).run(sink, p -> {});

    for (int i = 0; i < latestAtSend.size(); i++) {
      assertThat(latestAtSend.get(i)).isBeforeOrEqualTo(wallAtSend.get(i));
    }
    assertThat(Duration.between(latestAtSend.get(latestAtSend.size() - 1), Instant.now()))
        .as("the last events are current")
        .isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void shouldWriteTheGroundTruthFileBeforeThePlay(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("truth/ground-truth.json");
    Simulator simulator =
        new Simulator(
            Scenario.demo(SEED),
            SimulatorOptions.defaults().withSpeed(0).withStart(NOON).withGroundTruthFile(file));

    simulator.run(new RecordingEventSink(), p -> {});

    assertThat(GroundTruth.readFile(file)).isEqualTo(simulator.groundTruth());
  }

  @Test
  void shouldPlayOnlyOnce() throws Exception {
    Simulator simulator =
        new Simulator(
            Scenario.demo(SEED).withFaults(List.of()).withLength(Duration.ofSeconds(10)),
            SimulatorOptions.defaults().withSpeed(0));
    simulator.run(new RecordingEventSink(), p -> {});

    assertThatThrownBy(() -> simulator.run(new RecordingEventSink(), p -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldStopWhenInterrupted() {
    Simulator simulator =
        new Simulator(Scenario.demo(SEED), SimulatorOptions.defaults().withSpeed(1));
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> simulator.run(new RecordingEventSink(), p -> {}))
        .isInstanceOf(InterruptedException.class);
  }

  @Test
  void shouldPlayCalmHistoryBeforeTheScenarioAndLeaveTheScenarioAsItWas()
      throws InterruptedException {
    Scenario scenario = Scenario.demo(SEED);
    RecordingEventSink plain = play(scenario);
    RecordingEventSink warmed = new RecordingEventSink();
    SimulationSummary summary =
        new Simulator(
                scenario,
                SimulatorOptions.defaults()
                    .withSpeed(0)
                    .withStart(NOON)
                    .withWarmUp(Duration.ofMinutes(30)))
            .run(warmed, ProgressListener.NONE);

    List<MetricPoint> history =
        warmed.metrics.stream().filter(p -> p.getTimestamp().isBefore(NOON)).toList();
    assertThat(history).hasSize(180 * scenario.topology().services().size() * 8);
    assertThat(history.get(0).getTimestamp()).isEqualTo(NOON.minus(Duration.ofMinutes(30)));
    assertThat(warmed.metrics.subList(history.size(), warmed.metrics.size()))
        .as("the scenario's own events are those of a play without warm-up")
        .isEqualTo(plain.metrics);
    assertThat(warmed.logs.stream().filter(l -> !l.getTimestamp().isBefore(NOON)).toList())
        .isEqualTo(plain.logs);
    assertThat(warmed.truths).isEqualTo(plain.truths);
    assertThat(summary.metrics())
        .as("the summary is the scenario's")
        .isEqualTo((long) plain.metrics.size());
    // the history runs straight into the scenario: no jump in any series' level at the seam
    double before =
        mean(history, "http_requests_per_second", t -> !t.isBefore(NOON.minusSeconds(300)));
    double after =
        mean(plain.metrics, "http_requests_per_second", t -> t.isBefore(NOON.plusSeconds(300)));
    assertThat(after).isCloseTo(before, org.assertj.core.data.Percentage.withPercentage(5));
  }
}
