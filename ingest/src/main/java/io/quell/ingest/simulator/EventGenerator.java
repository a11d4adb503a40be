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
 * name, so a fault changes the events of the services it reaches and of no other. The series and
 * everyday log lines added later (p50 and p95 latency, memory, pool utilisation; GC pauses, pool
 * statistics, occasional retries) draw from a second stream per service, so that the first four
 * series and the first kinds of log line stay exactly what they were for a seed.
 */
final class EventGenerator {

  /** Metric names, all labelled {@code service} and {@code tier}. */
  static final String REQUEST_RATE = "http_requests_per_second";

  static final String LATENCY_P99 = "http_request_duration_p99_seconds";
  static final String ERROR_RATE = "http_errors_per_second";
  static final String CPU = "process_cpu_usage";
  static final String LATENCY_P50 = "http_request_duration_p50_seconds";
  static final String LATENCY_P95 = "http_request_duration_p95_seconds";
  static final String MEMORY = "process_resident_memory_bytes";
  static final String SATURATION = "pool_utilization_ratio";

  /** Series per service and step. */
  static final int METRICS_PER_SERVICE = 8;

  private static final double MIB = 1024.0 * 1024.0;

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

    /** The second stream: newer series and everyday lines. */
    final SplittableRandom extra;

    final double memoryBytes;
    final double memoryLimitBytes;
    final double trendPhase;
    final double trendPeriodSeconds;
    final double poolShare;
    final int poolSize;

    ServiceState(Service service, long seed, List<String> callees) {
      this.service = service;
      this.random = new SplittableRandom(mix(seed, service.name()));
      this.scale = 0.7 + 0.6 * random.nextDouble();
      this.host = service.name() + "-" + hex(random, 6) + "-" + hex(random, 5);
      this.callees = callees;
      this.labels = Map.of("service", service.name(), "tier", service.tier().label());
      this.extra = new SplittableRandom(mix(seed, service.name() + "#extra"));
      Tier tier = service.tier();
      this.memoryBytes = tier.memoryMib() * MIB * (0.8 + 0.4 * extra.nextDouble());
      this.memoryLimitBytes = memoryBytes * (1.6 + 0.4 * extra.nextDouble());
      this.trendPhase = 2 * Math.PI * extra.nextDouble();
      this.trendPeriodSeconds = 3600 * (4 + 4 * extra.nextDouble());
      this.poolShare = tier.poolUtilization() * (0.8 + 0.4 * extra.nextDouble());
      this.poolSize = tier.poolSize();
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
    List<MetricPoint> metrics = new ArrayList<>(services.size() * METRICS_PER_SERVICE);
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
      double memory = sampleMore(state, conditions, time, metrics);
      logMore(state, conditions, time, memory, metrics, logs);
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
    return new Impact(
        fault, state.service, hops, via, sinceOnset, intensity, firstStep, scenario.step());
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
    // The CPU factor is 1 unless a fault drains the service; multiplying by 1 changes no bit.
    // So is the floor 0, below any CPU usage.
    double cpu =
        Math.min(
            1,
            Math.max(
                conditions.cpuFloor(),
                tier.cpu()
                        * state.scale
                        * (0.6 + 0.4 * cycle)
                        * noise(random, 0.05)
                        * conditions.cpuFactor()
                    + conditions.extraCpu()));
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

  /**
   * The newer series from the second stream: p50 and p95 latency, resident memory (with a slow
   * trend of a few hours) and pool utilisation (in-flight work by Little's law: traffic times
   * latency). Returns the memory in bytes, for the GC lines.
   */
  private double sampleMore(
      ServiceState state, ServiceConditions conditions, Instant time, List<MetricPoint> out) {
    Tier tier = state.service.tier();
    SplittableRandom random = state.extra;
    double cycle = dailyCycle(time);
    double latencyBase = tier.latencyP99() * (0.85 + 0.3 * state.scale);
    double slower = conditions.latencyFactor();
    double p50 = latencyBase * 0.3 * Math.pow(slower, 0.8) * noise(random, 0.04);
    double p95 = latencyBase * 0.65 * Math.pow(slower, 0.95) * noise(random, 0.04);
    double trend =
        1
            + 0.03
                * Math.sin(
                    2 * Math.PI * time.getEpochSecond() / state.trendPeriodSeconds
                        + state.trendPhase);
    double memory =
        conditions.restarted()
            ? state.memoryBytes * 0.7 * noise(random, 0.01)
            : state.memoryBytes * trend * noise(random, 0.01)
                + conditions.memoryFill() * (state.memoryLimitBytes - state.memoryBytes);
    double pool =
        Math.min(
            1,
            state.poolShare
                    * cycle
                    * conditions.throughputFactor()
                    * Math.min(slower, 20)
                    * noise(random, 0.04)
                + conditions.extraSaturation());
    out.add(point(LATENCY_P50, state, time, p50));
    out.add(point(LATENCY_P95, state, time, p95));
    out.add(point(MEMORY, state, time, Math.rint(memory)));
    out.add(point(SATURATION, state, time, pool));
    return memory;
  }

  /**
   * The newer everyday lines from the second stream: GC pauses of JVM services (about one in 30 s),
   * pool statistics (about one a minute) and now and then a retry after a timeout.
   */
  private void logMore(
      ServiceState state,
      ServiceConditions conditions,
      Instant time,
      double memory,
      List<MetricPoint> metrics,
      List<LogEvent> out) {
    SplittableRandom random = state.extra;
    long stepMillis = scenario.step().toMillis();
    double perSecond = stepMillis / 1000.0;
    Tier tier = state.service.tier();
    if (tier.jvm()) {
      int pauses = (int) Math.floor(perSecond / 30 + random.nextDouble());
      for (int i = 0; i < pauses; i++) {
        long before = Math.round(memory / MIB * random.nextDouble(0.75, 0.95));
        long after = Math.round(before * random.nextDouble(0.45, 0.7));
        out.add(
            logEvent(
                state,
                time.plusMillis(random.nextLong(stepMillis)),
                LogLevel.INFO,
                "GC pause (G1 Evacuation Pause) "
                    + random.nextInt(3, 40)
                    + "ms, heap "
                    + before
                    + "M->"
                    + after
                    + "M ("
                    + Math.round(state.memoryLimitBytes / MIB)
                    + "M)"));
      }
    }
    int stats = (int) Math.floor(perSecond / 60 + random.nextDouble());
    double pool = metrics.get(metrics.size() - 1).getValue();
    for (int i = 0; i < stats; i++) {
      int active = (int) Math.round(pool * state.poolSize);
      out.add(
          logEvent(
              state,
              time.plusMillis(random.nextLong(stepMillis)),
              LogLevel.INFO,
              tier.poolName()
                  + " stats: active="
                  + active
                  + " idle="
                  + (state.poolSize - active)
                  + " max="
                  + state.poolSize));
    }
    if (!state.callees.isEmpty()
        && random.nextDouble() < 0.004 * perSecond * conditions.throughputFactor()) {
      out.add(
          logEvent(
              state,
              time.plusMillis(random.nextLong(stepMillis)),
              LogLevel.WARN,
              LogTemplates.render(
                  "call to {callee} timed out after {slow_ms}ms, retrying (attempt 2)",
                  random,
                  state.callees,
                  null)));
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
