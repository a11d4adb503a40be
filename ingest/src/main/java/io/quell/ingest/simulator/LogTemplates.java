/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The everyday log lines of each tier, and the filling of placeholders in any template. Lines have
 * a fixed text with variable parts, as real logs do, so that a template miner can find them again.
 *
 * <p>Placeholders: {@code {id}} (16 hex digits), {@code {short_id}} (8 hex digits), {@code {ms}} (a
 * normal duration in ms), {@code {slow_ms}} (a slow one), {@code {n}}, {@code {big}}, {@code
 * {pct}}, {@code {part}} (numbers), {@code {ip}}, {@code {path}}, {@code {method}}, {@code
 * {status}}, {@code {table}}, {@code {key}}, {@code {hit}}, {@code {version}}, {@code {attempt}},
 * {@code {full_gc_ms}} (a full GC pause), {@code {high_pct}} (88 to 99), {@code {start_ms}} (a
 * start-up time), {@code {callee}} (a dependency of the service, or {@code -}), {@code {via}} (the
 * dependency a fault came through).
 */
public final class LogTemplates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)\\}");

  private static final List<String> PATHS =
      List.of(
          "/api/v1/orders",
          "/api/v1/orders/{n}",
          "/api/v1/cart",
          "/api/v1/users/{n}",
          "/api/v1/products",
          "/api/v1/products/{n}",
          "/api/v1/search",
          "/api/v1/payments");
  private static final List<String> TABLES =
      List.of("orders", "order_items", "users", "products", "payments", "sessions", "inventory");

  private static final Map<Tier, List<String>> NORMAL = new EnumMap<>(Tier.class);

  static {
    NORMAL.put(
        Tier.GATEWAY,
        List.of(
            "{method} {path} {status} {ms}ms upstream={callee} request_id={id}",
            "{method} {path} {status} {ms}ms upstream={callee} request_id={id}",
            "accepted connection from {ip}",
            "rate limiter: {n} tokens left for client {short_id}"));
    NORMAL.put(
        Tier.API,
        List.of(
            "handled {method} {path} status={status} duration={ms}ms request_id={id}",
            "handled {method} {path} status={status} duration={ms}ms request_id={id}",
            "cache lookup for key {key}: {hit}",
            "call to {callee} took {ms}ms",
            "user {n} authenticated with token {short_id}"));
    NORMAL.put(
        Tier.WORKER,
        List.of(
            "processed job {id} in {ms}ms",
            "polled {n} messages in {ms}ms",
            "committed offset {big} for partition {part}"));
    NORMAL.put(
        Tier.DATABASE,
        List.of(
            "query executed in {ms}ms rows={n} table={table}",
            "query executed in {ms}ms rows={n} table={table}",
            "checkpoint complete: wrote {n} buffers ({pct}%)",
            "automatic vacuum of table {table}: pages removed {n}",
            "connection authorized: user=app database={table}"));
    NORMAL.put(
        Tier.CACHE,
        List.of(
            "evicted {n} keys (memory {pct}% of maxmemory)",
            "background save finished in {ms}ms", "client {ip} connected, {n} clients total"));
    NORMAL.put(
        Tier.QUEUE,
        List.of(
            "partition {part} appended {n} messages",
            "consumer group {table}-consumers lag {n}",
            "segment rolled for partition {part} at offset {big}"));
  }

  private LogTemplates() {}

  /** The everyday templates of {@code tier}; repeated entries are more frequent. */
  public static List<String> normal(Tier tier) {
    return NORMAL.get(tier);
  }

  /**
   * Fills the placeholders of {@code template}.
   *
   * @param callees dependencies of the service, for {@code {callee}}
   * @param via the dependency a fault came through, for {@code {via}} (may be null)
   */
  public static String render(
      String template, SplittableRandom random, List<String> callees, String via) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 32);
    while (matcher.find()) {
      String value = value(matcher.group(1), random, callees, via);
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String value(
      String placeholder, SplittableRandom random, List<String> callees, String via) {
    return switch (placeholder) {
      case "id" -> hex(random, 16);
      case "short_id" -> hex(random, 8);
      case "ms" -> Integer.toString(2 + (int) Math.round(Math.abs(random.nextGaussian()) * 60));
      case "slow_ms" -> Integer.toString(random.nextInt(800, 6000));
      case "n" -> Integer.toString(random.nextInt(1, 500));
      case "big" -> Long.toString(random.nextLong(1_000, 10_000_000));
      case "pct" -> Integer.toString(random.nextInt(1, 100));
      case "part" -> Integer.toString(random.nextInt(0, 12));
      case "attempt" -> Integer.toString(random.nextInt(2, 5));
      case "full_gc_ms" -> Integer.toString(random.nextInt(300, 3000));
      case "high_pct" -> Integer.toString(random.nextInt(88, 100));
      case "start_ms" -> Integer.toString(random.nextInt(3000, 15000));
      case "ip" ->
          "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
      case "path" -> render(PATHS.get(random.nextInt(PATHS.size())), random, callees, via);
      case "method" -> random.nextInt(10) < 7 ? "GET" : "POST";
      case "status" -> {
        int roll = random.nextInt(100);
        yield roll < 85 ? "200" : roll < 93 ? "201" : roll < 97 ? "204" : "304";
      }
      case "table" -> TABLES.get(random.nextInt(TABLES.size()));
      case "key" -> "user:" + random.nextInt(1, 100_000);
      case "hit" -> random.nextInt(10) < 8 ? "hit" : "miss";
      case "version" -> "1." + random.nextInt(10, 40) + "." + random.nextInt(10);
      case "callee" -> callees.isEmpty() ? "-" : callees.get(random.nextInt(callees.size()));
      case "via" -> via == null ? "-" : via;
      default -> "{" + placeholder + "}";
    };
  }

  private static String hex(SplittableRandom random, int digits) {
    StringBuilder hex = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      hex.append(Character.forDigit(random.nextInt(16), 16));
    }
    return hex.toString();
  }
}
