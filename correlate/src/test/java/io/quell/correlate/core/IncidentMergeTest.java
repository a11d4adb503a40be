/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.testing.Replay;
import io.quell.correlate.testing.TestAlerts;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An alert related to several open incidents makes them one. The story of the end-to-end test: a
 * database fault spreads to two callers that do not call each other, and the callers' error bursts
 * come before the database's own alert.
 */
class IncidentMergeTest {

  static final Instant FAULT = Instant.parse("2026-03-02T04:33:00Z");

  static Replay replay(CorrelationSettings settings) {
    Replay replay = new Replay(settings);
    replay.topology.put("billing-worker", "inventory-db", EdgeKind.DATABASE);
    replay.topology.put("exports-worker", "inventory-db", EdgeKind.DATABASE);
    return replay;
  }

  static Alert burst(String service, Instant startsAt) {
    return TestAlerts.builder("burst/" + service, "LogErrorBurst", service, startsAt)
        .setSeverity(Severity.CRITICAL)
        .build();
  }

  static Alert databaseAlert() {
    return TestAlerts.builder(
            "zscore/inventory-db", "MetricAnomaly", "inventory-db", FAULT.plusSeconds(16))
        .build();
  }

  private static Set<String> ids(List<Incident> versions) {
    return versions.stream().map(Incident::getId).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "billing-worker at +{0} s, exports-worker at +{1} s")
  @CsvSource({"0, 0", "0, 5", "5, 0"})
  void shouldPublishOneIncidentForTwoCallersAndTheirDatabaseWhenTheCallersAlertFirst(
      int billingAfter, int exportsAfter) {
    Replay replay = replay(CorrelationSettings.defaults());

    replay.alerts(
        burst("billing-worker", FAULT.plusSeconds(billingAfter)),
        burst("exports-worker", FAULT.plusSeconds(exportsAfter)),
        databaseAlert());
    replay.advanceTo(FAULT.plus(Duration.ofMinutes(5)));

    assertThat(ids(replay.published())).hasSize(1);
    Incident first = replay.published().get(0);
    assertThat(first.getStatus()).isEqualTo(IncidentStatus.OPEN);
    assertThat(first.getVersion()).isEqualTo(1);
    assertThat(first.getServices())
        .containsExactly("billing-worker", "exports-worker", "inventory-db");
    assertThat(first.getAlerts()).hasSize(3);
    assertThat(first.getRootCauses().get(0).getService()).isEqualTo("inventory-db");
    assertThat(first.getTitle()).isEqualTo("inventory-db: 3 alerts on 3 services");
    assertThat(first.getFirstSeen()).isEqualTo(FAULT);
    assertThat(first.getMergedInto()).isNull();
    assertThat(replay.store.all()).hasSize(1);
    assertThat(replay.store.assignedFingerprints()).isEqualTo(3);
  }

  @Test
  void shouldKeepTheOlderIncidentAndCloseTheOtherWhenBothWerePublished() {
    Replay replay = replay(CorrelationSettings.defaults());
    replay.alerts(burst("billing-worker", FAULT), burst("exports-worker", FAULT.plusSeconds(5)));
    replay.advanceTo(FAULT.plusSeconds(40));
    List<Incident> opened = replay.published();
    assertThat(opened).extracting(Incident::getStatus).containsOnly(IncidentStatus.OPEN);
    String billing =
        opened.get(0).getServices().contains("billing-worker")
            ? opened.get(0).getId()
            : opened.get(1).getId();
    String exports =
        opened.get(0).getId().equals(billing) ? opened.get(1).getId() : opened.get(0).getId();

    List<Incident> versions =
        replay.alerts(
            TestAlerts.builder(
                    "zscore/inventory-db", "MetricAnomaly", "inventory-db", FAULT.plusSeconds(50))
                .build());

    assertThat(versions).extracting(Incident::getId).containsExactly(billing, exports);
    Incident survivor = versions.get(0);
    assertThat(survivor.getStatus()).isEqualTo(IncidentStatus.UPDATED);
    assertThat(survivor.getVersion()).isEqualTo(2);
    assertThat(survivor.getMergedInto()).isNull();
    assertThat(survivor.getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactly("burst/billing-worker", "burst/exports-worker", "zscore/inventory-db");
    MemberAlert moved = survivor.getAlerts().get(1);
    assertThat(moved.getJoinReason().getKind()).isEqualTo(JoinRuleKind.MERGE);
    assertThat(moved.getJoinReason().getRelatedFingerprint()).isEqualTo("zscore/inventory-db");
    assertThat(moved.getJoinReason().getDetail())
        .isEqualTo(
            "merged from "
                + exports
                + " through MetricAnomaly on inventory-db; there: first alert");
    assertThat(moved.getFirstSeen()).isEqualTo(FAULT.plusSeconds(5));
    assertThat(survivor.getAlerts().get(0).getJoinReason().getKind())
        .isEqualTo(JoinRuleKind.FIRST_ALERT);
    assertThat(survivor.getAlerts().get(2).getJoinReason().getKind())
        .isEqualTo(JoinRuleKind.TOPOLOGY);
    assertThat(survivor.getRootCauses().get(0).getService()).isEqualTo("inventory-db");
    assertThat(survivor.getRootCauses().get(0).getEvidence())
        .startsWith("2 affected services depend on inventory-db (billing-worker, exports-worker)");

    Incident absorbed = versions.get(1);
    assertThat(absorbed.getStatus()).isEqualTo(IncidentStatus.CLOSED);
    assertThat(absorbed.getVersion()).isEqualTo(2);
    assertThat(absorbed.getMergedInto()).isEqualTo(billing);
    assertThat(absorbed.getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactly("burst/exports-worker");
    assertThat(absorbed.getResolvedAt()).isNull();

    assertThat(replay.store.all()).extracting(incident -> incident.id).containsExactly(billing);
    assertThat(replay.store.incidentOf("burst/exports-worker")).hasValue(billing);
    // Later changes of a moved alert go to the survivor.
    List<Incident> later =
        replay.alerts(
            TestAlerts.resolved(
                burst("exports-worker", FAULT.plusSeconds(5)), FAULT.plusSeconds(90)));
    assertThat(later).extracting(Incident::getId).containsExactly(billing);
    assertThat(later.get(0).getVersion()).isEqualTo(3);
  }

  @Test
  void shouldKeepTheIncidentWithTheSmallerIdWhenBothStartedAtOnce() {
    Replay replay = replay(CorrelationSettings.defaults().withGroupWait(Duration.ZERO));
    List<Incident> opened =
        replay.alerts(burst("billing-worker", FAULT), burst("exports-worker", FAULT));
    String smaller = opened.stream().map(Incident::getId).min(String::compareTo).orElseThrow();

    List<Incident> versions = replay.alerts(databaseAlert());

    assertThat(versions)
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.UPDATED, IncidentStatus.CLOSED);
    assertThat(versions.get(0).getId()).isEqualTo(smaller);
    assertThat(versions.get(1).getMergedInto()).isEqualTo(smaller);
  }

  @Test
  void shouldMergeEveryIncidentTheAlertConnects() {
    Replay replay = replay(CorrelationSettings.defaults());
    replay.topology.put("reports-worker", "inventory-db", EdgeKind.DATABASE);
    replay.topology.put("gateway", "billing-worker", EdgeKind.HTTP);

    replay.alerts(
        TestAlerts.firing("g1", "gateway", FAULT.minusSeconds(20)),
        burst("billing-worker", FAULT),
        burst("exports-worker", FAULT.plusSeconds(3)),
        burst("reports-worker", FAULT.plusSeconds(6)),
        TestAlerts.firing("s1", "search", FAULT.plusSeconds(8)),
        databaseAlert());
    replay.advanceTo(FAULT.plus(Duration.ofMinutes(5)));

    assertThat(ids(replay.published())).hasSize(2);
    Incident fault =
        replay.latest().values().stream()
            .filter(incident -> incident.getServices().contains("inventory-db"))
            .findFirst()
            .orElseThrow();
    assertThat(fault.getServices())
        .containsExactly(
            "billing-worker", "exports-worker", "gateway", "inventory-db", "reports-worker");
    assertThat(fault.getFirstSeen()).isEqualTo(FAULT.minusSeconds(20));
    assertThat(fault.getRootCauses().get(0).getService()).isEqualTo("inventory-db");
  }

  @Test
  void shouldNotMergeBeyondTheMemberLimit() {
    Replay replay = replay(CorrelationSettings.defaults().withMaxMembers(2));

    replay.alerts(
        burst("billing-worker", FAULT),
        burst("exports-worker", FAULT.plusSeconds(5)),
        databaseAlert());
    replay.advanceTo(FAULT.plus(Duration.ofMinutes(5)));

    assertThat(ids(replay.published())).hasSize(2);
    assertThat(replay.published()).extracting(Incident::getMergedInto).containsOnlyNulls();
  }

  /** Event times within the out-of-orderness bound, each handed to the correlator in turn. */
  @Test
  void shouldGiveTheSameIncidentsForEveryOrderOfTheStory() {
    List<Alert> story = new ArrayList<>();
    story.add(burst("billing-worker", FAULT));
    story.add(burst("exports-worker", FAULT));
    story.add(databaseAlert());
    story.add(TestAlerts.firing("b2", "billing-worker", FAULT.plusSeconds(20)));
    story.add(TestAlerts.firing("x2", "exports-worker", FAULT.plusSeconds(20)));
    story.add(TestAlerts.firing("s1", "search", FAULT.plusSeconds(20)));
    Random random = new Random(7);
    List<Incident> reference = null;
    for (int round = 0; round < 50; round++) {
      List<Alert> shuffled = new ArrayList<>(story);
      Collections.shuffle(shuffled, random);
      Replay replay = replay(CorrelationSettings.defaults());
      // Alerts of one instant in the shuffled order, instants in time order.
      replay.alerts(shuffled);
      replay.advanceTo(FAULT.plus(Duration.ofHours(2)));
      if (reference == null) {
        reference = replay.published();
      }
      assertThat(replay.published()).isEqualTo(reference);
      assertThat(replay.store.isEmpty()).isTrue();
    }
    assertThat(ids(reference)).hasSize(2);
  }
}
