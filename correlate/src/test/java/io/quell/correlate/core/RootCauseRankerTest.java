/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RootCauseRankerTest {

  private static final long T0 = 1_772_442_000_000L;

  @Test
  void shouldRankTheCalleeAboveItsCallerEvenWhenTheCallerAlertedFirst() {
    InMemoryTopology topology = new InMemoryTopology().put("checkout", "payments", EdgeKind.HTTP);

    List<RootCause> ranked =
        RootCauseRanker.rank(
            incident(member("checkout", T0), member("payments", T0 + 60_000)), topology);

    assertThat(ranked).extracting(cause -> cause.service).containsExactly("payments", "checkout");
  }

  @Test
  void shouldCountServicesThatDependOnACandidateThroughOtherAffectedServices() {
    InMemoryTopology topology =
        new InMemoryTopology()
            .put("gateway", "orders-api", EdgeKind.HTTP)
            .put("orders-api", "orders-db", EdgeKind.DATABASE)
            .put("worker", "orders-db", EdgeKind.DATABASE);

    List<RootCause> ranked =
        RootCauseRanker.rank(
            incident(
                member("gateway", T0 + 80_000),
                member("orders-api", T0 + 60_000),
                member("worker", T0 + 50_000),
                member("orders-db", T0 + 20_000)),
            topology);

    assertThat(ranked)
        .extracting(cause -> cause.service)
        .containsExactly("orders-db", "orders-api", "worker", "gateway");
    assertThat(ranked.get(0).score).isEqualTo(1.0);
    assertThat(ranked.get(0).evidence)
        .isEqualTo(
            "3 affected services depend on orders-db (gateway, orders-api, worker);"
                + " first alert 30 s before any other;"
                + " random walk weighted by anomaly scores: 100% of the most visited");
    assertThat(ranked.get(1).evidence)
        .startsWith(
            "1 affected service depends on orders-api (gateway);"
                + " first alert 40 s after orders-db;");
    assertThat(ranked.get(3).evidence)
        .startsWith(
            "no other affected service depends on gateway; first alert 1 min after orders-db;");
    assertThat(ranked.get(0).signals())
        .containsEntry("dependents", 3.0)
        .containsEntry("earliness", 1.0)
        .containsEntry("walk", 1.0)
        .containsEntry("anomaly", 0.7);
  }

  @Test
  void shouldLetTheEarlierFirstAlertDecideBetweenServicesWithAsManyDependents() {
    List<RootCause> ranked =
        RootCauseRanker.rank(
            incident(member("search", T0 + 10_000), member("cache", T0)), new InMemoryTopology());

    assertThat(ranked).extracting(cause -> cause.service).containsExactly("cache", "search");
    assertThat(ranked.get(0).score).isGreaterThan(ranked.get(1).score);
    // Without edges each service holds the walker alike: only earliness differs.
    assertThat(ranked.get(1).signals()).containsEntry("earliness", 0.0).containsEntry("walk", 1.0);
    assertThat(ranked.get(1).score).isEqualTo(0.211);
  }

  @Test
  void shouldScoreALoneServiceOne() {
    List<RootCause> ranked =
        RootCauseRanker.rank(
            incident(member("checkout", T0), member("checkout", T0 + 5)), new InMemoryTopology());

    assertThat(ranked).hasSize(1);
    assertThat(ranked.get(0).score).isEqualTo(1.0);
    assertThat(ranked.get(0).evidence)
        .isEqualTo("no other affected service depends on checkout; the only affected service");
  }

  @Test
  void shouldIgnoreMembersWithoutService() {
    assertThat(RootCauseRanker.rank(incident(member(null, T0)), new InMemoryTopology())).isEmpty();
  }

  @Test
  void shouldListAtMostFiveCandidatesWithScoresBetweenZeroAndOne() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      int services = 1 + random.nextInt(12);
      InMemoryTopology topology = new InMemoryTopology();
      List<MemberState> members = new ArrayList<>();
      for (int i = 0; i < services; i++) {
        members.add(member("s" + i, T0 + random.nextInt(600_000)));
        for (int j = 0; j < services; j++) {
          if (i != j && random.nextInt(4) == 0) {
            topology.put("s" + i, "s" + j, EdgeKind.RPC);
          }
        }
      }

      List<RootCause> ranked =
          RootCauseRanker.rank(incident(members.toArray(MemberState[]::new)), topology);

      assertThat(ranked).hasSize(Math.min(5, services));
      assertThat(ranked).allSatisfy(cause -> assertThat(cause.score).isBetween(0.0, 1.0));
      for (int i = 1; i < ranked.size(); i++) {
        assertThat(ranked.get(i).score).isLessThanOrEqualTo(ranked.get(i - 1).score);
      }
    }
  }

  @Test
  void shouldShowTiesInWords() {
    List<RootCause> ranked =
        RootCauseRanker.rank(incident(member("a", T0), member("b", T0)), new InMemoryTopology());

    assertThat(ranked.get(0).service).isEqualTo("a");
    assertThat(ranked.get(0).evidence).contains("first alert at the same time as b;");
  }

  @Test
  void shouldLetTheRandomWalkFavourTheMoreAnomalousCalleeBetweenServicesWithAsManyDependents() {
    // api calls both db and cache; db and cache each have api as their one dependent and alerted
    // at the same time, but db is far more anomalous: the walk from api goes mostly to db.
    InMemoryTopology topology =
        new InMemoryTopology()
            .put("api", "db", EdgeKind.DATABASE)
            .put("api", "cache", EdgeKind.CACHE);
    MemberState api = member("api", T0 + 30_000);
    api.score = 0.5;
    MemberState db = member("db", T0);
    db.score = 0.95;
    MemberState cache = member("cache", T0);
    cache.score = 0.3;

    List<RootCause> ranked = RootCauseRanker.rank(incident(api, cache, db), topology);

    assertThat(ranked).extracting(cause -> cause.service).containsExactly("db", "cache", "api");
    assertThat(ranked.get(0).signals().get("walk")).isEqualTo(1.0);
    assertThat(ranked.get(1).signals().get("walk")).isLessThan(0.5);
    assertThat(ranked.get(0).score).isGreaterThan(ranked.get(1).score);
  }

  @Test
  void shouldTakeTheAnomalyOfAnAlertWithoutScoreFromItsSeverity() {
    MemberState critical = member("db", T0);
    critical.severity = Severity.CRITICAL;
    MemberState info = member("db", T0);
    info.severity = Severity.INFO;
    MemberState scored = member("db", T0);
    scored.score = 0.25;

    assertThat(RootCauseRanker.anomalyOf(critical)).isEqualTo(1.0);
    assertThat(RootCauseRanker.anomalyOf(info)).isEqualTo(0.4);
    assertThat(RootCauseRanker.anomalyOf(scored)).isEqualTo(0.25);
  }

  static IncidentState incident(MemberState... members) {
    IncidentState incident = new IncidentState();
    incident.id = "inc-test";
    incident.members = new ArrayList<>(List.of(members));
    return incident;
  }

  static MemberState member(String service, long firstSeen) {
    MemberState member = new MemberState();
    member.fingerprint = service + "@" + firstSeen;
    member.name = "HighErrorRate";
    member.service = service;
    member.firstSeen = firstSeen;
    member.lastSeen = firstSeen;
    return member;
  }
}
