/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static io.quell.correlate.testing.TestAlerts.T0;
import static io.quell.correlate.testing.TestAlerts.builder;
import static io.quell.correlate.testing.TestAlerts.firing;
import static io.quell.correlate.testing.TestAlerts.minutes;
import static io.quell.correlate.testing.TestAlerts.resolved;
import static io.quell.correlate.testing.TestAlerts.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.testing.Replay;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Evidence;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.JoinReason;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.MemberAlert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grouping over several topology hops, by log template, and flapping alerts. */
class GroupingRulesTest {

  private static final CorrelationSettings IMMEDIATE =
      CorrelationSettings.defaults().withGroupWait(Duration.ZERO).withGroupInterval(Duration.ZERO);

  private static Replay chain(CorrelationSettings settings) {
    // web -> api -> db, and an unrelated island.
    Replay replay = new Replay(settings);
    replay.topology.put("web", "api", EdgeKind.HTTP);
    replay.topology.put("api", "db", EdgeKind.DATABASE);
    replay.topology.put("batch", "queue", EdgeKind.QUEUE);
    return replay;
  }

  @Test
  void shouldGroupServicesTwoHopsApartThroughAServiceWithoutAlertsWhenAllowed() {
    Replay replay = chain(IMMEDIATE.withTopologyHops(2));

    replay.alerts(firing("w", "web", T0), firing("d", "db", seconds(20)));

    assertThat(replay.latest()).hasSize(1);
    MemberAlert joined = replay.latest().values().iterator().next().getAlerts().get(1);
    JoinReason reason = joined.getJoinReason();
    assertThat(reason.getKind()).isEqualTo(JoinRuleKind.TOPOLOGY);
    assertThat(reason.getRelatedFingerprint()).isEqualTo("w");
    assertThat(reason.getPath()).containsExactly("db", "api", "web");
    assertThat(reason.getDetail()).isEqualTo("api calls db (DATABASE), web calls api (HTTP)");
  }

  @Test
  void shouldKeepServicesTwoHopsApartApartWithDirectEdgesOnly() {
    Replay replay = chain(IMMEDIATE);

    replay.alerts(firing("w", "web", T0), firing("d", "db", seconds(20)));

    assertThat(replay.latest()).hasSize(2);
  }

  @Test
  void shouldNotGroupBeyondTheHopLimitOrAcrossUnconnectedServices() {
    Replay replay = chain(IMMEDIATE.withTopologyHops(2));
    replay.topology.put("db", "disk", EdgeKind.OTHER);

    replay.alerts(
        firing("w", "web", T0),
        firing("k", "disk", seconds(10)),
        firing("b", "batch", seconds(20)));

    assertThat(replay.latest()).hasSize(3);
  }

  @Test
  void shouldPreferADirectEdgeToALongerPath() {
    Replay replay = chain(IMMEDIATE.withTopologyHops(3));

    replay.alerts(firing("w", "web", T0), firing("a", "api", seconds(5)));
    List<Incident> versions = replay.alerts(firing("d", "db", seconds(10)));

    JoinReason reason = versions.get(0).getAlerts().get(2).getJoinReason();
    assertThat(reason.getRelatedFingerprint()).isEqualTo("a");
    assertThat(reason.getPath()).containsExactly("db", "api");
  }

  @Test
  void shouldFollowTopologyChangesWhileRunningAndMergeWhatANewEdgeRelates() {
    Replay replay = chain(IMMEDIATE.withTopologyHops(2));
    replay.topology.apply("api->db", null);

    replay.alerts(firing("w", "web", T0), firing("d", "db", seconds(20)));
    assertThat(replay.latest()).hasSize(2);

    // The edge appears; the next db alert relates to both incidents, which merge.
    replay.topology.put("api", "db", EdgeKind.DATABASE);
    List<Incident> versions = replay.alerts(firing("d2", "db", seconds(40)));

    assertThat(versions).hasSize(2);
    Incident survivor = versions.get(0);
    assertThat(survivor.getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactly("w", "d", "d2");
    assertThat(survivor.getMergedFrom()).containsExactly(versions.get(1).getId());
    assertThat(versions.get(1).getMergedInto()).isEqualTo(survivor.getId());
    assertThat(versions.get(1).getNotify()).isFalse();
  }

  @Test
  void shouldGroupAlertsOfTheSameLogTemplateAcrossServices() {
    Replay replay = new Replay(IMMEDIATE);
    Alert byLabel =
        builder("l1", "LogAnomaly", "payments", T0)
            .setLabels(Map.of("service", "payments", "template_id", "tpl-42"))
            .build();
    Alert byEvidence =
        builder("l2", "LogAnomaly", "shipping", seconds(30))
            .setEvidence(Evidence.newBuilder().setTemplateId("tpl-42").build())
            .build();
    Alert other =
        builder("l3", "LogAnomaly", "search", seconds(40))
            .setAnnotations(Map.of("template_id", "tpl-7"))
            .build();

    replay.alerts(byLabel, byEvidence, other);

    assertThat(replay.latest()).hasSize(2);
    Incident grouped = replay.latest().values().iterator().next();
    assertThat(grouped.getAlerts())
        .extracting(MemberAlert::getFingerprint)
        .containsExactly("l1", "l2");
    JoinReason reason = grouped.getAlerts().get(1).getJoinReason();
    assertThat(reason.getKind()).isEqualTo(JoinRuleKind.SAME_TEMPLATE);
    assertThat(reason.getTemplateId()).isEqualTo("tpl-42");
    assertThat(reason.getDetail()).isEqualTo("same log template tpl-42 as LogAnomaly on payments");
  }

  @Test
  void shouldRecordTheSharedLabelsOfAlertsWithoutAService() {
    Replay replay = new Replay(IMMEDIATE.withServicelessGroupLabels(List.of("cluster")));
    Alert n1 =
        builder("n1", "NodeDown", null, T0)
            .setLabels(Map.of("cluster", "eu-1", "node", "a"))
            .build();
    Alert n2 =
        builder("n2", "NodeDown", null, seconds(5))
            .setLabels(Map.of("cluster", "eu-1", "node", "b"))
            .build();

    replay.alerts(n1, n2);

    JoinReason reason =
        replay.latest().values().iterator().next().getAlerts().get(1).getJoinReason();
    assertThat(reason.getKind()).isEqualTo(JoinRuleKind.SHARED_LABELS);
    assertThat(reason.getSharedLabels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("alertname", "NodeDown", "cluster", "eu-1"));
  }

  @Test
  void shouldHoldAFlappingAlertAsOneFiringAlertInsteadOfAVersionPerFlip() {
    Replay replay =
        new Replay(
            IMMEDIATE
                .withFlapping(4, Duration.ofMinutes(10))
                .withResolveQuietPeriod(Duration.ofHours(1)));
    Alert a1 = firing("a1", "checkout", T0);
    replay.alerts(a1);

    // Flips 1 to 3 each resolve or reopen the incident; the fourth makes it flap.
    replay.alerts(resolved(a1, minutes(1)));
    replay.alertsAt(minutes(2), a1);
    replay.alerts(resolved(a1, minutes(3)));
    List<Incident> fourth = replay.alertsAt(minutes(4), a1);
    assertThat(fourth).hasSize(1);
    assertThat(fourth.get(0).getAlerts().get(0).getFlapping()).isTrue();
    int before = replay.published().size();

    // Further flips publish nothing, and the incident stays open while the alert flaps.
    replay.alerts(resolved(a1, minutes(5)));
    replay.alertsAt(minutes(6), a1);
    replay.alerts(resolved(a1, minutes(7)));
    assertThat(replay.published()).hasSize(before);

    // No flip for a whole window: it stops flapping, and being resolved, resolves the incident.
    List<Incident> calm = replay.advanceTo(minutes(17));
    assertThat(calm).hasSize(1);
    assertThat(calm.get(0).getStatus()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(calm.get(0).getAlerts().get(0).getFlapping()).isFalse();
    assertThat(calm.get(0).getResolvedAt()).isEqualTo(minutes(17));
  }

  @Test
  void shouldNotCallFlipsSpreadWiderThanTheWindowFlapping() {
    Replay replay =
        new Replay(
            IMMEDIATE.withFlapping(4, Duration.ofMinutes(10)).withCloseAfter(Duration.ofHours(2)));
    Alert a1 = firing("a1", "checkout", T0);
    replay.alerts(a1);
    for (int i = 1; i <= 6; i++) {
      Alert next = i % 2 == 1 ? resolved(a1, minutes(6L * i)) : a1;
      replay.alertsAt(minutes(6L * i), next);
    }

    assertThat(replay.published()).hasSize(7);
    assertThat(replay.published())
        .allSatisfy(incident -> assertThat(incident.getAlerts().get(0).getFlapping()).isFalse());
  }
}
