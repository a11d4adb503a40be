/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.eval;

import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.resolved;
import static io.quell.correlate.testing.TestAlerts.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quell.correlate.CorrelateOptions;
import io.quell.correlate.core.InMemoryTopology;
import io.quell.correlate.testing.TestAlerts;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.MatchOperator;
import io.quell.schemas.avro.Matcher;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.SilenceKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationScorerTest {
  private static final long T0 = TestAlerts.T0.toEpochMilli();

  private static FaultTruth fault(String id, String root, boolean planned, String... others) {
    Map<String, FaultTruth.Impact> impacts = new java.util.HashMap<>();
    impacts.put(root, new FaultTruth.Impact(0, T0, T0 + 300_000));
    for (String other : others) {
      impacts.put(other, new FaultTruth.Impact(1, T0 + 20_000, T0 + 320_000));
    }
    return new FaultTruth(id, "slowdown", root, T0, T0 + 300_000, planned, impacts);
  }

  private static ScoredAlert alert(String fp, String fault, String incident, long publishedAfter) {
    return new ScoredAlert(fp, "A", "svc", T0, fault, incident, T0 + publishedAfter * 1000, false);
  }

  @Test
  void shouldCountPairsTogetherAndApartAndCompressionOnAHandMadeCase() {
    // Fault f1: a1 a2 a3 in incident X, a4 in Y. Fault f2: b1 in X, b2 in Y. Noise: n1 in Z.
    List<ScoredAlert> alerts =
        List.of(
            alert("a1", "f1", "X", 30),
            alert("a2", "f1", "X", 40),
            alert("a3", "f1", "X", 50),
            alert("a4", "f1", "Y", 60),
            alert("b1", "f2", "X", 90),
            alert("b2", "f2", "Y", 45),
            alert("n1", null, "Z", 10));
    ScenarioScore score =
        CorrelationScorer.score(
            "hand",
            List.of(fault("f1", "db", false), fault("f2", "api", false)),
            alerts,
            Map.of("X", List.of("db", "api"), "Y", List.of("cache", "x", "api"), "Z", List.of()),
            11);

    // Together and right: C(3,2) in X for f1 = 3. In X: 4 fault alerts, 6 pairs, 3 right → 3 wrong;
    // in Y: 2 alerts, 1 pair, wrong. Same fault: C(4,2)=6 + C(2,2)=1 = 7, 3 together → 4 apart.
    assertThat(score.pairsTogetherRight()).isEqualTo(3);
    assertThat(score.pairsTogetherWrong()).isEqualTo(4);
    assertThat(score.pairsApartWrong()).isEqualTo(4);
    assertThat(score.pairwisePrecision().getAsDouble()).isCloseTo(3 / 7.0, within(1e-9));
    assertThat(score.pairwiseRecall().getAsDouble()).isCloseTo(3 / 7.0, within(1e-9));
    assertThat(score.alerts()).isEqualTo(7);
    assertThat(score.noiseAlerts()).isEqualTo(1);
    assertThat(score.incidents()).isEqualTo(3);
    assertThat(score.compression().getAsDouble()).isCloseTo(1 - 3 / 7.0, within(1e-9));
    assertThat(score.versions()).isEqualTo(11);

    // f1's main incident is X (3 of 4), which names db first; f2 splits 1:1, so the smaller id X
    // is its main incident, where api is second: top-3, not top-1.
    FaultScore f1 = score.faults().get(0);
    assertThat(f1.mainIncident()).isEqualTo("X");
    assertThat(f1.incidents()).isEqualTo(2);
    assertThat(f1.top1()).isTrue();
    assertThat(f1.secondsToIncident()).isEqualTo(30.0);
    FaultScore f2 = score.faults().get(1);
    assertThat(f2.mainIncident()).isEqualTo("X");
    assertThat(f2.top1()).isFalse();
    assertThat(f2.top3()).isTrue();
    assertThat(f2.secondsToIncident()).isEqualTo(45.0);
    assertThat(score.rootCauseTop1().getAsDouble()).isEqualTo(0.5);
    assertThat(score.rootCauseTop3().getAsDouble()).isEqualTo(1.0);
    assertThat(score.meanSecondsToIncident().getAsDouble()).isEqualTo(37.5);
    assertThat(score.maxSecondsToIncident().getAsDouble()).isEqualTo(45.0);

    // An alert of a fault that was already in a published incident before the fault's start: 0 s.
    ScenarioScore early =
        CorrelationScorer.score(
            "early",
            List.of(fault("f1", "db", false)),
            List.of(alert("a1", "f1", "X", -20)),
            Map.of("X", List.of("db")),
            1);
    assertThat(early.faults().get(0).secondsToIncident()).isEqualTo(0.0);
  }

  @Test
  void shouldAddScenariosUpByCountsNotByAveragingRatios() {
    ScenarioScore a = new ScenarioScore("a", 100, 0, 1, 5, 10, 0, 0, 0, 0, 0, List.of());
    ScenarioScore b = new ScenarioScore("b", 2, 0, 2, 2, 0, 0, 1, 0, 0, 0, List.of());
    ScenarioScore overall = ScenarioScore.overall("all", List.of(a, b));
    assertThat(overall.compression().getAsDouble()).isCloseTo(1 - 3 / 102.0, within(1e-9));
    assertThat(overall.pairwiseRecall().getAsDouble()).isCloseTo(10 / 11.0, within(1e-9));
    assertThat(overall.pairwisePrecision().getAsDouble()).isEqualTo(1.0);
    assertThat(b.pairwisePrecision()).as("no pair was put together").isEmpty();
    assertThat(new ScenarioScore("none", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of()).compression())
        .isEmpty();
  }

  @Test
  void shouldAttributeAnAlertToTheNearestFaultThatReachedItsServiceThenAndTheRestToNoise() {
    FaultAttribution attribution =
        new FaultAttribution(
            List.of(fault("f1", "db", false, "api"), fault("f2", "api", false, "gateway")),
            Duration.ofMinutes(2));
    assertThat(attribution.causeOf("api", T0 + 60_000).map(FaultTruth::id)).hasValue("f2");
    assertThat(attribution.causeOf("db", T0 + 60_000).map(FaultTruth::id)).hasValue("f1");
    assertThat(attribution.causeOf("db", T0 + 300_000 + 120_000).map(FaultTruth::id))
        .hasValue("f1");
    assertThat(attribution.causeOf("db", T0 + 300_000 + 120_001)).isEmpty();
    assertThat(attribution.causeOf("db", T0 - 1)).isEmpty();
    assertThat(attribution.causeOf("search", T0 + 60_000)).isEmpty();
    assertThat(attribution.causeOf(null, T0 + 60_000)).isEmpty();
    FaultAttribution withLead =
        new FaultAttribution(
            List.of(fault("f1", "db", false)), Duration.ofMinutes(1), Duration.ofMinutes(2));
    assertThat(withLead.causeOf("db", T0 - 60_000).map(FaultTruth::id)).hasValue("f1");
    assertThat(withLead.causeOf("db", T0 - 60_001)).isEmpty();
    // f2 reaches api at T0 (hops 0), f3 at T0 + 30 s (hops 0 too): an alert at T0 + 10 s is f2's,
    // though f3 is within the lead.
    FaultTruth f3 =
        new FaultTruth(
            "f3",
            "error-burst",
            "api",
            T0 + 30_000,
            T0 + 90_000,
            false,
            Map.of("api", new FaultTruth.Impact(0, T0 + 30_000, T0 + 90_000)));
    FaultAttribution overlapping =
        new FaultAttribution(
            List.of(fault("f2", "api", false), f3), Duration.ofMinutes(1), Duration.ofMinutes(2));
    assertThat(overlapping.causeOf("api", T0 + 10_000).map(FaultTruth::id)).hasValue("f2");
    assertThat(overlapping.causeOf("api", T0 + 40_000).map(FaultTruth::id)).hasValue("f3");
  }

  @Test
  void shouldFollowAlertsIntoTheIncidentTheyMergedIntoAndMarkThoseAMaintenanceWindowMuted() {
    // Two callers alert first and open two incidents; their common dependency alerts within the
    // group wait and merges them: every alert ends up in one incident led by the dependency.
    InMemoryTopology topology =
        new InMemoryTopology()
            .put("billing-worker", "orders-db", EdgeKind.DATABASE)
            .put("exports-worker", "orders-db", EdgeKind.DATABASE);
    Alert billing = firing("fp-billing", "billing-worker", seconds(0));
    Alert exports = firing("fp-exports", "exports-worker", seconds(0));
    Alert db = firing("fp-db", "orders-db", seconds(16));
    Alert later = firing("fp-search", "search-api", seconds(100));
    Silence window =
        Silence.newBuilder()
            .setId("mw")
            .setKind(SilenceKind.MAINTENANCE)
            .setMatchers(
                List.of(
                    Matcher.newBuilder()
                        .setName("service")
                        .setValue("search-api")
                        .setOperator(MatchOperator.EQUAL)
                        .build()))
            .setStartsAt(seconds(50))
            .setEndsAt(seconds(500))
            .setCreatedBy("test")
            .build();
    OfflineCorrelation.Result result =
        new OfflineCorrelation(CorrelateOptions.defaults(), topology, List.of(window))
            .play(
                List.of(later, db, exports, billing, resolved(billing, seconds(200))),
                (service, at) -> service.equals("search-api") ? null : "f1");

    assertThat(result.alertRecords()).isEqualTo(5);
    assertThat(result.alerts()).hasSize(4);
    Map<String, ScoredAlert> byFingerprint = new java.util.HashMap<>();
    result.alerts().forEach(a -> byFingerprint.put(a.fingerprint(), a));
    String merged = byFingerprint.get("fp-db").incidentId();
    assertThat(byFingerprint.get("fp-billing").incidentId()).isEqualTo(merged);
    assertThat(byFingerprint.get("fp-exports").incidentId()).isEqualTo(merged);
    assertThat(byFingerprint.get("fp-search").incidentId()).isNotEqualTo(merged);
    assertThat(result.rootCauses().get(merged).get(0)).isEqualTo("orders-db");
    assertThat(result.survivingIncidents()).isEqualTo(2);
    // Published when the group wait (30 s) of the first alert ran out.
    assertThat(byFingerprint.get("fp-billing").publishedAt()).isEqualTo(T0 + 30_000);
    assertThat(byFingerprint.get("fp-search").muted()).isTrue();
    assertThat(byFingerprint.get("fp-db").muted()).isFalse();
    assertThat(byFingerprint.get("fp-search").faultId()).isNull();
    assertThat(result.versions()).isNotEmpty();
  }
}
