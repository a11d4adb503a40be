/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds a layered topology like that of a small web shop: a gateway in front of APIs, APIs that
 * call each other, databases, a cache and a queue, and workers that consume the queue and write to
 * databases. The same seed and size always give the same topology.
 *
 * <p>For {@code n} services: 1 gateway, 1 cache, 1 queue, about a sixth databases (at least 1), and
 * the rest split 4:3 between APIs and workers (at least 1 API). Every database has a caller, at
 * least one API uses the cache and one publishes to the queue.
 */
public final class TopologyGenerator {

  /** Fewest services a layered topology is generated for: one of each tier. */
  public static final int MIN_SERVICES = 6;

  private static final List<String> API_NAMES =
      List.of(
          "checkout",
          "catalog",
          "users",
          "orders",
          "payments",
          "search",
          "inventory",
          "shipping",
          "reviews",
          "auth",
          "cart",
          "pricing");
  private static final List<String> WORKER_NAMES =
      List.of(
          "billing",
          "email",
          "indexer",
          "reports",
          "notifications",
          "fulfillment",
          "thumbnails",
          "exports");
  private static final List<String> DATABASE_NAMES =
      List.of("orders", "users", "catalog", "payments", "inventory", "analytics");

  private TopologyGenerator() {}

  /** The layered topology of {@code services} services for {@code seed}. */
  public static Topology layered(int services, long seed) {
    if (services < MIN_SERVICES) {
      throw new IllegalArgumentException(
          "A layered topology needs at least " + MIN_SERVICES + " services, not " + services);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int databases = Math.max(1, Math.round(services / 6f));
    int rest = services - 3 - databases;
    int apis = Math.max(1, Math.round(rest * 4 / 7f));
    int workers = rest - apis;

    List<Service> all = new ArrayList<>();
    Service gateway = new Service("gateway", Tier.GATEWAY);
    all.add(gateway);
    List<Service> apiServices = named(API_NAMES, "-api", apis, Tier.API, random);
    List<Service> workerServices = named(WORKER_NAMES, "-worker", workers, Tier.WORKER, random);
    List<Service> databaseServices = named(DATABASE_NAMES, "-db", databases, Tier.DATABASE, random);
    Service cache = new Service("session-cache", Tier.CACHE);
    Service queue = new Service("event-queue", Tier.QUEUE);
    all.addAll(apiServices);
    all.addAll(workerServices);
    all.addAll(databaseServices);
    all.add(cache);
    all.add(queue);

    Set<Topology.Call> calls = new LinkedHashSet<>();
    for (Service api : apiServices) {
      calls.add(new Topology.Call(gateway.name(), api.name()));
    }
    // APIs call later APIs only, so the call graph stays acyclic and some paths get deeper.
    for (int i = 0; i < apiServices.size(); i++) {
      for (int j = i + 1; j < apiServices.size(); j++) {
        if (random.nextDouble() < 0.3) {
          calls.add(new Topology.Call(apiServices.get(i).name(), apiServices.get(j).name()));
        }
      }
    }
    int databaseOffset = random.nextInt(databases);
    int cacheUser = random.nextInt(apis);
    int publisher = random.nextInt(apis);
    for (int i = 0; i < apiServices.size(); i++) {
      String api = apiServices.get(i).name();
      calls.add(
          new Topology.Call(api, databaseServices.get((databaseOffset + i) % databases).name()));
      if (i == cacheUser || random.nextDouble() < 0.5) {
        calls.add(new Topology.Call(api, cache.name()));
      }
      if (i == publisher || random.nextDouble() < 0.3) {
        calls.add(new Topology.Call(api, queue.name()));
      }
    }
    for (int i = 0; i < workerServices.size(); i++) {
      String worker = workerServices.get(i).name();
      calls.add(new Topology.Call(worker, queue.name()));
      calls.add(
          new Topology.Call(
              worker, databaseServices.get((databaseOffset + apis + i) % databases).name()));
    }
    return new Topology(all, new ArrayList<>(calls));
  }

  private static List<Service> named(
      List<String> pool, String suffix, int count, Tier tier, SplittableRandom random) {
    List<String> shuffled = new ArrayList<>(pool);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String swap = shuffled.get(i);
      shuffled.set(i, shuffled.get(j));
      shuffled.set(j, swap);
    }
    List<Service> services = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String base = shuffled.get(i % shuffled.size());
      String name =
          i < shuffled.size() ? base + suffix : base + "-" + (i / shuffled.size()) + suffix;
      services.add(new Service(name, tier));
    }
    return services;
  }
}
