/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentRendererTest {

  @Test
  void shouldLeadTheTitleWithTheTopRootCause() {
    IncidentState incident =
        RootCauseRankerTest.incident(
            RootCauseRankerTest.member("checkout", 1), RootCauseRankerTest.member("payments", 2));
    incident.rootCauses = List.of(new RootCause("payments", 1.0, "x"));

    assertThat(IncidentRenderer.title(incident)).isEqualTo("payments: 2 alerts on 2 services");
  }

  @Test
  void shouldNameTheAlertWhenThereIsOnlyOne() {
    IncidentState single = RootCauseRankerTest.incident(RootCauseRankerTest.member("checkout", 1));
    IncidentState serviceless = RootCauseRankerTest.incident(RootCauseRankerTest.member(null, 1));

    assertThat(IncidentRenderer.title(single)).isEqualTo("checkout: HighErrorRate");
    assertThat(IncidentRenderer.title(serviceless)).isEqualTo("HighErrorRate");
  }

  @Test
  void shouldRenderSeverityAsTheHighestOfTheMembersAndRankCandidatesFromOne() {
    IncidentState incident =
        RootCauseRankerTest.incident(
            RootCauseRankerTest.member("checkout", 1), RootCauseRankerTest.member("payments", 2));
    incident.members.get(0).severity = Severity.CRITICAL;
    incident.members.get(1).severity = Severity.INFO;
    incident.members.forEach(member -> member.joinKind = io.quell.schemas.avro.JoinRuleKind.OTHER);
    incident.members.forEach(member -> member.status = io.quell.schemas.avro.AlertStatus.FIRING);
    incident.rootCauses =
        List.of(new RootCause("payments", 0.9, "a"), new RootCause("checkout", 0.1, "b"));
    incident.version = 4;

    var rendered = IncidentRenderer.render(incident, IncidentStatus.UPDATED);

    assertThat(rendered.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(rendered.getVersion()).isEqualTo(4);
    assertThat(rendered.getRootCauses()).extracting(c -> c.getRank()).containsExactly(1, 2);
    assertThat(rendered.getServices()).containsExactly("checkout", "payments");
  }
}
