/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.schemas.avro.LogLevel;
import java.util.List;
import java.util.Locale;
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

  private static final List<FaultKind> ALL = List.of(SLOWDOWN, ERROR_BURST);

  private FaultKinds() {}

  public static List<FaultKind> all() {
    return ALL;
  }

  /** The kind with {@code id} ({@code slowdown}, {@code error-burst}). */
  public static FaultKind byId(String id) {
    String wanted = id.strip().toLowerCase(Locale.ROOT);
    for (FaultKind kind : ALL) {
      if (kind.id().equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "Unknown fault kind '" + id + "'; kinds are " + ALL.stream().map(FaultKind::id).toList());
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
}
