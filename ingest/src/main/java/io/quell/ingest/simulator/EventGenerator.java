/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.MetricPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Computes the events of a scenario step by step: per service the four metric samples and a few log
 * lines, changed by the faults that reach it. Pure computation, no I/O and no clock: the same
 * scenario and start give the same events.
 *
 * <p>Each service draws from a random stream of its own, seeded from the scenario seed and its
 * name, so a fault changes the events of the services it reaches and of no other.
 */
final class EventGenerator {

  /** Metric names, all labelled {@code service} and {@code tier}. */
  static final String REQUEST_RATE = "http_requests_per_second";

  static final String LATENCY_P99 = "http_request_duration_p99_seconds";
  static final String ERROR_RATE = "http_errors_per_second";
  static final String CPU = "process_cpu_usage";

  /** Everyday log lines per service in a 10 s step at the daily mean. */
  private static final double LINES_PER_TEN_SECONDS = 2.0;

  /** The events of one step. */
  record StepEvents(
      int step,
      Instant time,
      List<MetricPoint> metrics,
      List<LogEvent> logs,
      List<GroundTruth> faultsStarting) {}

  /** One service's fixed traits and random stream. */
  private static final class ServiceState {
    final Service service;
    final SplittableRandom random;
    final double scale;
    final String host;
    final List<String> callees;
    final Map<String, String> labels;

    ServiceState(Service service, long seed, List<String> callees) {
      this.service = service;
      this.random = new SplittableRandom(mix(seed, service.name()));
      this.scale = 0.7 + 0.6 * random.nextDouble();
      this.host = service.name() + "-" + hex(random, 6) + "-" + hex(random, 5);
      this.callees = callees;
      this.labels = Map.of("service", service.name(), "tier", service.tier().label());
    }
  }

  /** A fault with the services it reaches, computed once. */
  private record PlacedFault(Fault fault, Map<String, Integer> reach) {}

  private final Scenario scenario;
  private final Instant start;
  private final List<ServiceState> services = new ArrayList<>();
  private final List<PlacedFault> faults = new ArrayList<>();
  private final List<GroundTruth> groundTruth;
  private int nextStep;

  EventGenerator(Scenario scenario, Instant start) {
    this.scenario = scenario;
    this.start = start;
    Topology topology = scenario.topology();
    for (Service service : topology.services()) {
      List<String> callees =
          topology.calls().stream()
              .filter(call -> call.caller().equals(service.name()))
              .map(Topology.Call::callee)
              .toList();
      services.add(new ServiceState(service, scenario.seed(), callees));
    }
    for (Fault fault : scenario.faults()) {
      faults.add(new PlacedFault(fault, fault.kind().reach(topology, fault.root())));
    }
    this.groundTruth = scenario.groundTruth(start);
  }

  int steps() {
    return scenario.steps();
  }

  Instant timeOf(int step) {
    return start.plus(scenario.step().multipliedBy(step));
  }

  boolean hasNext() {
    return nextStep < scenario.steps();
  }

  /** The events of the next step. */
  StepEvents next() {
    if (!hasNext()) {
      throw new IllegalStateException("The scenario has no more steps");
    }
    int step = nextStep++;
    Instant time = timeOf(step);
    Duration offset = scenario.step().multipliedBy(step);
    List<MetricPoint> metrics = new ArrayList<>(services.size() * 4);
    List<LogEvent> logs = new ArrayList<>();
    for (ServiceState state : services) {
      ServiceConditions conditions = new ServiceConditions(state.service);
      for (PlacedFault placed : faults) {
        Impact impact = impactAt(placed, state, offset);
        if (impact != null) {
          placed.fault().kind().apply(impact, conditions, state.random);
        }
      }
      sample(state, conditions, time, metrics);
      log(state, conditions, time, logs);
    }
    logs.sort(Comparator.comparing(LogEvent::getTimestamp));
    List<GroundTruth> starting = new ArrayList<>();
    for (int i = 0; i < faults.size(); i++) {
      Duration faultStart = faults.get(i).fault().startOffset();
      if (faultStart.compareTo(offset) >= 0
          && faultStart.compareTo(offset.plus(scenario.step())) < 0) {
        starting.add(groundTruth.get(i));
      }
    }
    return new StepEvents(step, time, metrics, logs, starting);
  }

  private Impact impactAt(PlacedFault placed, ServiceState state, Duration offset) {
    Integer hops = placed.reach().get(state.service.name());
    if (hops == null) {
      return null;
    }
    Fault fault = placed.fault();
    Duration onset = fault.onsetAt(hops);
    Duration recovery = fault.recoveryAt(hops);
    if (offset.compareTo(onset) < 0 || offset.compareTo(recovery) >= 0) {
      return null;
    }
    Duration sinceOnset = offset.minus(onset);
    double intensity =
        fault.attenuationAt(hops) * fault.kind().profile(sinceOnset, fault.duration());
    if (intensity <= 0) {
      return null;
    }
    String via = null;
    if (hops > 0) {
      for (String callee : state.callees) {
        Integer calleeHops = placed.reach().get(callee);
        if (calleeHops != null && calleeHops == hops - 1) {
          via = callee;
          break;
        }
      }
    }
    boolean firstStep = sinceOnset.compareTo(scenario.step()) < 0;
    return new Impact(fault, state.service, hops, via, sinceOnset, intensity, firstStep);
  }

  private void sample(
      ServiceState state, ServiceConditions conditions, Instant time, List<MetricPoint> out) {
    Tier tier = state.service.tier();
    SplittableRandom random = state.random;
    double cycle = dailyCycle(time);
    double rate =
        tier.requestRate()
            * state.scale
            * cycle
            * conditions.throughputFactor()
            * noise(random, 0.04);
    double latency =
        tier.latencyP99()
            * (0.85 + 0.3 * state.scale)
            * conditions.latencyFactor()
            * noise(random, 0.05);
    double errorRatio =
        Math.min(1, tier.errorRatio() * noise(random, 0.3) + conditions.extraErrorRatio());
    double cpu =
        Math.min(
            1,
            tier.cpu() * state.scale * (0.6 + 0.4 * cycle) * noise(random, 0.05)
                + conditions.extraCpu());
    out.add(point(REQUEST_RATE, state, time, rate));
    out.add(point(LATENCY_P99, state, time, latency));
    out.add(point(ERROR_RATE, state, time, rate * errorRatio));
    out.add(point(CPU, state, time, cpu));
  }

  private void log(
      ServiceState state, ServiceConditions conditions, Instant time, List<LogEvent> out) {
    SplittableRandom random = state.random;
    long stepMillis = scenario.step().toMillis();
    double expected =
        LINES_PER_TEN_SECONDS
            * dailyCycle(time)
            * conditions.throughputFactor()
            * stepMillis
            / 10_000.0;
    int lines = (int) Math.floor(expected + random.nextDouble());
    List<String> templates = LogTemplates.normal(state.service.tier());
    for (int i = 0; i < lines; i++) {
      String template = templates.get(random.nextInt(templates.size()));
      out.add(
          logEvent(
              state,
              time.plusMillis(random.nextLong(stepMillis)),
              LogLevel.INFO,
              LogTemplates.render(template, random, state.callees, null)));
    }
    for (ServiceConditions.ExtraLog extra : conditions.extraLogs()) {
      out.add(
          logEvent(
              state,
              time.plusMillis(random.nextLong(stepMillis)),
              extra.level(),
              LogTemplates.render(extra.template(), random, state.callees, extra.via())));
    }
  }

  private static LogEvent logEvent(
      ServiceState state, Instant timestamp, LogLevel level, String message) {
    return LogEvent.newBuilder()
        .setTimestamp(timestamp)
        .setService(state.service.name())
        .setHost(state.host)
        .setLevel(level)
        .setMessage(message)
        .setAttributes(Map.of("logger", logger(state.service.tier())))
        .build();
  }

  private static String logger(Tier tier) {
    return switch (tier) {
      case GATEWAY -> "access";
      case API -> "http";
      case WORKER -> "jobs";
      case DATABASE -> "postgres";
      case CACHE -> "redis";
      case QUEUE -> "broker";
    };
  }

  private static MetricPoint point(String name, ServiceState state, Instant time, double value) {
    return MetricPoint.newBuilder()
        .setTimestamp(time)
        .setName(name)
        .setLabels(state.labels)
        .setValue(value)
        .build();
  }

  /**
   * Traffic relative to the daily mean: lowest around 03:00 UTC (0.65), highest around 15:00 UTC
   * (1.35).
   */
  static double dailyCycle(Instant time) {
    double dayFraction = (time.getEpochSecond() % 86_400) / 86_400.0;
    return 1 + 0.35 * Math.sin(2 * Math.PI * (dayFraction - 0.375));
  }

  private static double noise(SplittableRandom random, double relative) {
    return Math.max(0.05, 1 + relative * random.nextGaussian());
  }

  private static long mix(long seed, String name) {
    // SplitMix64's finalizer spreads nearby seeds and similar names over the whole range.
    long z = seed * 0x9E3779B97F4A7C15L + name.hashCode();
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static String hex(SplittableRandom random, int digits) {
    StringBuilder hex = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      hex.append(Character.forDigit(random.nextInt(36), 36));
    }
    return hex.toString();
  }
}
