/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.schemas.avro.LogLevel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** The fault kinds the simulator knows, by id. */
public final class FaultKinds {

  /**
   * A service answers slowly and partly fails: a database with lock contention or an exhausted
   * connection pool, a cache or queue that stalls. Its callers time out, retry and fail in turn.
   */
  public static final FaultKind SLOWDOWN = new Slowdown();

  /**
   * A service starts failing a share of its requests, as after a bad deploy. Its callers see server
   * errors from it.
   */
  public static final FaultKind ERROR_BURST = new ErrorBurst();

  /**
   * A service's heap grows until the process runs out of memory and restarts, over and over: memory
   * climbs, GC pauses grow longer and slow requests down, an OutOfMemoryError and a restart follow,
   * memory drops. Callers see refused connections while it restarts.
   */
  public static final FaultKind MEMORY_LEAK = new MemoryLeak();

  /**
   * A new version of one service is deployed and fails a share of requests until it is rolled back
   * at the end of the fault; its callers see server errors.
   */
  public static final FaultKind BAD_DEPLOY = new BadDeploy();

  /** A network partition between the API and the database tier. */
  public static final FaultKind PARTITION = new Partition(Tier.API, Tier.DATABASE);

  /**
   * A noisy check: one service's CPU swings above and below 80 % every 30 s while the service is
   * otherwise healthy. Reaches no other service.
   */
  public static final FaultKind FLAPPING_CHECK = new FlappingCheck();

  /**
   * Planned maintenance: a service is drained (almost no traffic, maintenance log lines) and its
   * direct callers fail over. Its ground truth is marked planned.
   */
  public static final FaultKind MAINTENANCE = new Maintenance();

  private static final List<FaultKind> ALL =
      List.of(
          SLOWDOWN, ERROR_BURST, MEMORY_LEAK, BAD_DEPLOY, PARTITION, FLAPPING_CHECK, MAINTENANCE);

  /** How long a leaking heap takes to fill at most; a longer leak restarts several times. */
  static final Duration LEAK_CYCLE = Duration.ofMinutes(4);

  /** How long a flapping check stays on one side of its threshold. */
  static final Duration FLAP_HALF_PERIOD = Duration.ofSeconds(30);

  private FaultKinds() {}

  public static List<FaultKind> all() {
    return ALL;
  }

  /** The ids of every kind, for messages. */
  public static List<String> ids() {
    return ALL.stream().map(FaultKind::id).toList();
  }

  /**
   * The kind with {@code id} ({@code slowdown}, {@code error-burst}, {@code memory-leak}, {@code
   * bad-deploy}, {@code partition}, {@code flapping-check}, {@code maintenance}). A plain {@code
   * partition} cuts the API tier off the database tier; see {@link #partition} for others.
   */
  public static FaultKind byId(String id) {
    String wanted = id.strip().toLowerCase(Locale.ROOT);
    for (FaultKind kind : ALL) {
      if (kind.id().equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("Unknown fault kind '" + id + "'; kinds are " + ids());
  }

  /** A network partition between services of tier {@code callers} and those of {@code callees}. */
  public static FaultKind partition(Tier callers, Tier callees) {
    return new Partition(callers, callees);
  }

  /**
   * The service of {@code tier} with the most services depending on it (most = {@code busiest}, or
   * fewest), ties to the first name; null when the topology has none of that tier.
   */
  static String byDependents(Topology topology, Tier tier, boolean busiest) {
    Comparator<Service> order =
        Comparator.comparingInt((Service s) -> topology.transitiveCallers(s.name()).size());
    if (busiest) {
      order = order.reversed();
    }
    return topology.services().stream()
        .filter(s -> s.tier() == tier)
        .min(order.thenComparing(Service::name))
        .map(Service::name)
        .orElse(null);
  }

  /** The first name among {@code candidates} that is not null, else the first service. */
  static String firstOf(Topology topology, String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    return topology.services().get(0).name();
  }

  /** How many fault lines a service logs in a step at {@code intensity}: about 1 to 4. */
  static int lines(double intensity, SplittableRandom random) {
    return (int) Math.floor(1 + 3 * intensity * random.nextDouble(0.5, 1.0));
  }

  private static final class Slowdown implements FaultKind {
    @Override
    public String id() {
      return "slowdown";
    }

    @Override
    public String describe(String root) {
      return root + " slows down and fails part of its requests; its dependents time out";
    }

    @Override
    public void apply(Impact impact, ServiceConditions conditions, SplittableRandom random) {
      double i = impact.intensity();
      int lines = lines(i, random);
      if (impact.atRoot()) {
        conditions.slowDown(1 + 9 * i);
        conditions.addErrorRatio(0.12 * i);
        conditions.addCpu(0.4 * i);
        conditions.reduceThroughput(1 - 0.15 * i);
        List<String> templates = rootTemplates(impact.service().tier());
        for (int line = 0; line < lines; line++) {
          String template = templates.get(random.nextInt(templates.size()));
          conditions.log(
              template.startsWith("connection pool") || template.startsWith("thread pool")
                  ? LogLevel.ERROR
                  : LogLevel.WARN,
              template,
              null);
        }
      } else {
        conditions.slowDown(1 + 6 * i);
        conditions.addErrorRatio(0.08 * i);
        conditions.reduceThroughput(1 - 0.1 * i);
        for (int line = 0; line < lines; line++) {
          int roll = random.nextInt(10);
          if (roll < 6) {
            conditions.log(
                LogLevel.ERROR,
                "call to {via} timed out after {slow_ms}ms request_id={id}",
                impact.via());
          } else if (roll < 9) {
            conditions.log(
                LogLevel.WARN, "retrying call to {via} (attempt {attempt})", impact.via());
          } else {
            conditions.log(
                LogLevel.ERROR,
                "circuit breaker for {via} opened after {n} failures",
                impact.via());
          }
        }
      }
    }

    private static List<String> rootTemplates(Tier tier) {
      return switch (tier) {
        case DATABASE ->
            List.of(
                "slow query: {slow_ms}ms on table {table} (waiting for lock)",
                "slow query: {slow_ms}ms on table {table} (waiting for lock)",
                "connection pool exhausted: {n} clients waiting");
        case CACHE ->
            List.of(
                "command timed out after {slow_ms}ms for key {key}",
                "connection pool exhausted: {n} clients waiting");
        case QUEUE ->
            List.of(
                "produce request to partition {part} took {slow_ms}ms",
                "thread pool saturated: {n} requests queued");
        default ->
            List.of(
                "request handling slow: {slow_ms}ms for {path}",
                "thread pool saturated: {n} requests queued");
      };
    }
  }

  private static final class ErrorBurst implements FaultKind {
    @Override
    public String id() {
      return "error-burst";
    }

    @Override
    public String describe(String root) {
      return root + " fails a share of its requests after a bad deploy; its callers see errors";
    }

    @Override
    public void apply(Impact impact, ServiceConditions conditions, SplittableRandom random) {
      double i = impact.intensity();
      int lines = lines(i, random);
      if (impact.atRoot()) {
        conditions.addErrorRatio(0.35 * i);
        conditions.addCpu(0.05 * i);
        if (impact.firstStep()) {
          conditions.log(LogLevel.INFO, "deployed version {version}", null);
        }
        for (int line = 0; line < lines; line++) {
          if (random.nextInt(3) < 2) {
            conditions.log(
                LogLevel.ERROR,
                "unhandled exception in request {id}: java.lang.NullPointerException: Cannot"
                    + " invoke \"Order.getId()\" because \"order\" is null",
                null);
          } else {
            conditions.log(LogLevel.ERROR, "request {id} failed with status 500", null);
          }
        }
      } else {
        conditions.addErrorRatio(0.2 * i);
        conditions.slowDown(1 + 0.5 * i);
        for (int line = 0; line < lines; line++) {
          if (random.nextInt(4) < 3) {
            conditions.log(
                LogLevel.ERROR,
                "call to {via} failed: HTTP 500 Internal Server Error request_id={id}",
                impact.via());
          } else {
            conditions.log(LogLevel.WARN, "using fallback for {via} response", impact.via());
          }
        }
      }
    }
  }

  private static final class MemoryLeak implements FaultKind {
    @Override
    public String id() {
      return "memory-leak";
    }

    @Override
    public String describe(String root) {
      return root
          + " leaks memory: its heap fills, GC pauses grow, it runs out of memory and restarts,"
          + " again and again; its callers see refused connections during restarts";
    }

    /** An API (else a worker) with the most dependents. */
    @Override
    public String defaultRoot(Topology topology) {
      return firstOf(
          topology,
          byDependents(topology, Tier.API, true),
          byDependents(topology, Tier.WORKER, true));
    }

    /**
     * The time from a fresh heap to the next OutOfMemoryError, for a leak lasting {@code length}.
     */
    static Duration cycle(Duration length) {
      long cycles = Math.max(1, Math.round(length.toMillis() / (double) LEAK_CYCLE.toMillis()));
      return length.dividedBy(cycles);
    }

    @Override
    public void apply(Impact impact, ServiceConditions conditions, SplittableRandom random) {
      long cycle = Math.max(1, cycle(impact.fault().duration()).toMillis());
      long step = impact.step().toMillis();
      long since = impact.sinceOnset().toMillis();
      long inCycle = since % cycle;
      boolean restarting = inCycle + step >= cycle;
      boolean restarted = since >= cycle && inCycle < step;
      double i = impact.intensity();
      if (impact.atRoot()) {
        double fill = Math.min(1, (inCycle + step) / (double) cycle);
        conditions.fillMemory(fill);
        double pressure = Math.max(0, (fill - 0.5) / 0.5);
        conditions.slowDown(1 + 2 * pressure * pressure);
        conditions.addCpu(0.3 * pressure);
        int pauses = (int) Math.floor(3 * pressure * random.nextDouble(0.5, 1.0) + 0.5);
        for (int line = 0; line < pauses; line++) {
          conditions.log(
              LogLevel.WARN,
              "GC pause (G1 Full GC) {full_gc_ms}ms, heap {high_pct}% full after collection",
              null);
        }
        if (restarting) {
          conditions.restart();
          conditions.addErrorRatio(0.3);
          conditions.reduceThroughput(0.5);
          conditions.log(
              LogLevel.ERROR,
              "java.lang.OutOfMemoryError: Java heap space in thread \"http-worker-{n}\"",
              null);
          conditions.log(
              LogLevel.ERROR, "process killed by the OOM killer (exit code 137); restarting", null);
        } else if (restarted) {
          conditions.log(LogLevel.INFO, "application started in {start_ms}ms after restart", null);
        }
      } else if (restarting) {
        conditions.addErrorRatio(0.25 * i);
        conditions.slowDown(1 + i);
        int lines = lines(i, random);
        for (int line = 0; line < lines; line++) {
          if (random.nextInt(3) < 2) {
            conditions.log(
                LogLevel.ERROR,
                "call to {via} failed: connection refused request_id={id}",
                impact.via());
          } else {
            conditions.log(
                LogLevel.WARN, "retrying call to {via} (attempt {attempt})", impact.via());
          }
        }
      } else {
        // Long GC pauses at the root show up as slower answers before it falls over.
        double fill = Math.min(1, (inCycle + step) / (double) cycle);
        double pressure = Math.max(0, (fill - 0.5) / 0.5);
        conditions.slowDown(1 + pressure * pressure * i);
      }
    }
  }

  private static final class BadDeploy implements FaultKind {
    @Override
    public String id() {
      return "bad-deploy";
    }

    @Override
    public String describe(String root) {
      return "a bad version of "
          + root
          + " is deployed and fails part of its requests until it is rolled back; its callers"
          + " see errors";
    }

    /** The API with the most dependents (any service without APIs). */
    @Override
    public String defaultRoot(Topology topology) {
      return firstOf(
          topology,
          byDependents(topology, Tier.API, true),
          byDependents(topology, Tier.WORKER, true));
    }

    /** The bad and the previous version, the same in every line of the fault. */
    static String[] versions(Fault fault) {
      int hash = Math.floorMod(fault.id().hashCode() * 31 + fault.root().hashCode(), 10_000);
      int minor = 20 + hash % 40;
      return new String[] {"2." + minor + ".0", "2." + (minor - 1) + "." + (hash / 40 % 10)};
    }

    @Override
    public void apply(Impact impact, ServiceConditions conditions, SplittableRandom random) {
      double i = impact.intensity();
      int lines = lines(i, random);
      if (impact.atRoot()) {
        String[] versions = versions(impact.fault());
        conditions.addErrorRatio(0.3 * i);
        conditions.slowDown(1 + 0.3 * i);
        if (impact.firstStep()) {
          conditions.addCpu(0.15);
          conditions.log(
              LogLevel.INFO,
              "deploying version " + versions[0] + " (rolling update, 3 replicas)",
              null);
          conditions.log(LogLevel.INFO, "deployment of version " + versions[0] + " complete", null);
        }
        for (int line = 0; line < lines; line++) {
          if (random.nextInt(3) < 2) {
            conditions.log(
                LogLevel.ERROR,
                "unhandled exception in request {id}: java.lang.IllegalStateException: setting"
                    + " 'pricing.currency' has no value",
                null);
          } else {
            conditions.log(LogLevel.ERROR, "request {id} failed with status 500", null);
          }
        }
        if (impact.lastStep()) {
          conditions.log(
              LogLevel.WARN,
              "rolling back from version " + versions[0] + " to " + versions[1],
              null);
          conditions.log(LogLevel.INFO, "rollback to version " + versions[1] + " complete", null);
        }
      } else {
        conditions.addErrorRatio(0.2 * i);
        conditions.slowDown(1 + 0.3 * i);
        for (int line = 0; line < lines; line++) {
          conditions.log(
              LogLevel.ERROR,
              "call to {via} failed: HTTP 500 Internal Server Error request_id={id}",
              impact.via());
        }
      }
    }
  }

  /**
   * A network partition: every call from a service of tier {@code callers} to one of tier {@code
   * callees} fails. The callees (hops 0) lose that traffic; the callers across the cut (hops 1)
   * time out and are refused; whoever depends on those callers (hops 2 and more) sees their errors.
   */
  record Partition(Tier callers, Tier callees) implements FaultKind {
    Partition {
      java.util.Objects.requireNonNull(callers, "callers");
      java.util.Objects.requireNonNull(callees, "callees");
      if (callers == callees) {
        throw new IllegalArgumentException("A partition needs two different tiers");
      }
    }

    @Override
    public String id() {
      return "partition";
    }

    @Override
    public String describe(String root) {
      return "network partition between the "
          + callers.label()
          + " and "
          + callees.label()
          + " tiers: "
          + callers.label()
          + " services cannot reach "
          + callees.label()
          + " services such as "
          + root
          + " and time out; traffic to them drops";
    }

    /** The services on the callee side of the cut, most callers across the cut first. */
    private Map<String, Integer> cut(Topology topology) {
      Map<String, Integer> callersAcross = new LinkedHashMap<>();
      for (Topology.Call call : topology.calls()) {
        if (topology.service(call.caller()).tier() == callers
            && topology.service(call.callee()).tier() == callees) {
          callersAcross.merge(call.callee(), 1, Integer::sum);
        }
      }
      if (callersAcross.isEmpty()) {
        throw new IllegalArgumentException(
            "No "
                + callers.label()
                + " service calls a "
                + callees.label()
                + " service: there is nothing to partition");
      }
      return callersAcross;
    }

    @Override
    public String defaultRoot(Topology topology) {
      return cut(topology).entrySet().stream()
          .min(
              Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue())
                  .thenComparing(Map.Entry::getKey))
          .orElseThrow()
          .getKey();
    }

    @Override
    public Map<String, Integer> reach(Topology topology, String root) {
      Map<String, Integer> reach = new LinkedHashMap<>();
      reach.put(root, 0);
      for (String callee : cut(topology).keySet()) {
        reach.putIfAbsent(callee, 0);
      }
      Deque<String> queue = new ArrayDeque<>();
      for (Topology.Call call : topology.calls()) {
        if (topology.service(call.caller()).tier() == callers
            && topology.service(call.callee()).tier() == callees
            && reach.putIfAbsent(call.caller(), 1) == null) {
          queue.add(call.caller());
        }
      }
      while (!queue.isEmpty()) {
        String current = queue.poll();
        for (String caller : topology.callersOf(current)) {
          if (reach.putIfAbsent(caller, reach.get(current) + 1) == null) {
            queue.add(caller);
          }
        }
      }
      return reach;
    }

    @Override
    public void apply(Impact impact, ServiceConditions conditions, SplittableRandom random) {
      double i = impact.intensity();
      int lines = lines(i, random);
      if (impact.atRoot()) {
        // The callee side: the traffic across the cut is gone, and so is its work.
        conditions.reduceThroughput(1 - 0.7 * i);
        conditions.reduceCpu(1 - 0.4 * i);
        for (int line = 0; line < Math.max(1, lines / 2); line++) {
          conditions.log(
              LogLevel.WARN, "connection from {ip} timed out, closing idle session", null);
        }
      } else if (impact.hops() == 1) {
        conditions.addErrorRatio(0.5 * i);
        conditions.slowDown(1 + 5 * i);
        conditions.addSaturation(0.3 * i);
        for (int line = 0; line < lines; line++) {
          int roll = random.nextInt(10);
          if (roll < 4) {
            conditions.log(
                LogLevel.ERROR,
                "connect to {via} timed out after {slow_ms}ms request_id={id}",
                impact.via());
          } else if (roll < 6) {
            conditions.log(
                LogLevel.ERROR, "connect to {via} failed: connection refused", impact.via());
          } else if (roll < 9) {
            conditions.log(
                LogLevel.WARN, "retrying call to {via} (attempt {attempt})", impact.via());
          } else {
            conditions.log(
                LogLevel.ERROR,
                "circuit breaker for {via} opened after {n} failures",
                impact.via());
          }
        }
      } else {
        conditions.addErrorRatio(0.3 * i);
        conditions.slowDown(1 + 2 * i);
        for (int line = 0; line < lines; line++) {
          conditions.log(
              LogLevel.ERROR,
              "call to {via} failed: HTTP 503 Service Unavailable request_id={id}",
              impact.via());
        }
      }
    }
  }

  private static final class FlappingCheck implements FaultKind {
    @Override
    public String id() {
      return "flapping-check";
    }

    @Override
    public String describe(String root) {
      return "a noisy check: the CPU of "
          + root
          + " swings above and below 80 % every 30 s while the service is healthy";
    }

    /** A worker (batch jobs make spiky CPU), else the first service. */
    @Override
    public String defaultRoot(Topology topology) {
      return firstOf(
          topology,
          byDependents(topology, Tier.WORKER, false),
          byDependents(topology, Tier.API, false));
    }

    @Override
    public Map<String, Integer> reach(Topology topology, String root) {
      return Map.of(root, 0);
    }

    /** On for 30 s, off for 30 s. */
    @Override
    public double profile(Duration sinceOnset, Duration length) {
      return (sinceOnset.toMillis() / FLAP_HALF_PERIOD.toMillis()) % 2 == 0 ? 1 : 0;
    }

    /** While on, CPU sits between 86 % and 94 %: above the usual 80 % threshold, with noise. */
    @Override
    public void apply(Impact impact, ServiceConditions conditions, SplittableRandom random) {
      conditions.raiseCpuTo(impact.intensity() * (0.86 + 0.08 * random.nextDouble()));
    }
  }

  private static final class Maintenance implements FaultKind {
    @Override
    public String id() {
      return "maintenance";
    }

    @Override
    public String describe(String root) {
      return "planned maintenance of "
          + root
          + ": drained and upgraded while its callers use a replica";
    }

    @Override
    public boolean planned() {
      return true;
    }

    /** The database with the fewest dependents, else the cache, else the first service. */
    @Override
    public String defaultRoot(Topology topology) {
      return firstOf(
          topology,
          byDependents(topology, Tier.DATABASE, false),
          byDependents(topology, Tier.CACHE, false));
    }

    /** The service and its direct callers: further up, the failover hides it. */
    @Override
    public Map<String, Integer> reach(Topology topology, String root) {
      Map<String, Integer> reach = new LinkedHashMap<>();
      reach.put(root, 0);
      for (String caller : topology.callersOf(root)) {
        reach.put(caller, 1);
      }
      return reach;
    }

    @Override
    public void apply(Impact impact, ServiceConditions conditions, SplittableRandom random) {
      double i = impact.intensity();
      if (impact.atRoot()) {
        conditions.reduceThroughput(1 - 0.97 * i);
        conditions.reduceCpu(1 - 0.8 * i);
        if (impact.firstStep()) {
          conditions.log(
              LogLevel.INFO,
              "planned maintenance CHG-{n} started: draining connections, no new sessions",
              null);
        } else if (impact.lastStep()) {
          conditions.log(
              LogLevel.INFO, "planned maintenance finished: accepting connections again", null);
        } else {
          conditions.log(LogLevel.INFO, "maintenance in progress: upgrade step {part} of 12", null);
        }
      } else {
        conditions.slowDown(1 + 0.3 * i);
        if (impact.firstStep()) {
          conditions.log(
              LogLevel.WARN,
              "{via} unavailable (planned maintenance), failing over to its replica",
              impact.via());
        } else if (impact.lastStep()) {
          conditions.log(LogLevel.INFO, "{via} is back, leaving its replica", impact.via());
        }
      }
    }
  }
}
