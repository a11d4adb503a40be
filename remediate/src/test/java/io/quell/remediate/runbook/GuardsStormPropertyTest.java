/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.testing.Incidents;
import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.BreakerNote;
import io.quell.schemas.avro.BreakerState;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Under any storm of incidents opening, updating and resolving, with the clock moving on: no
 * service gets more automatic steps in any 60-minute window than its budget (whichever clock hours
 * the window spans), and no automatic step is sent while the breaker's number of incidents is open;
 * every step the breaker holds is noted once as held and once as released as soon as fewer
 * incidents are open.
 */
class GuardsStormPropertyTest {

  private static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  private static final long HOUR_MS = 3_600_000L;
  private static final List<String> SERVICES = List.of("checkout", "payments", "search");
  private static final List<RunbookRule> RULES =
      RunbookFile.parse(
          """
          - name: fix
            match: {severity: WARNING}
            steps:
              - {name: scale, kind: http, url: "https://k8s.test/scale", verify: 2m}
              - {name: restart, kind: http, url: "https://k8s.test/restart", verify: 2m}
              - {name: page, kind: pagerduty, routingKey: RK, url: "https://pd.test/e"}
          """,
          new RunbookFile.Defaults(3, null));

  /** One event of the storm. */
  record Event(int kind, int incident, int service, int minutes) {}

  @Property(tries = 100)
  void budgetAndBreakerHoldUnderAStorm(
      @ForAll("storms") List<Event> storm,
      @ForAll @IntRange(min = 1, max = 4) int budget,
      @ForAll @IntRange(min = 2, max = 8) int breaker) {
    RunbookEngine engine =
        new RunbookEngine(
            RULES,
            new RunbookEngine.Guards(Duration.ZERO, budget, breaker, Duration.ofMinutes(5)),
            RemediationMetrics.noop());
    RunbookState state = RunbookState.inMemory();
    Map<Integer, Long> versions = new HashMap<>();
    Map<Integer, Integer> serviceOf = new HashMap<>();
    Set<Integer> open = new HashSet<>();
    Map<String, List<Long>> automaticSent = new HashMap<>();
    Set<String> held = new HashSet<>();
    long now = T0;

    for (Event event : storm) {
      now += event.minutes() * 60_000L;
      List<RunbookEngine.Output> outputs;
      if (event.kind() == 2) {
        outputs = engine.onTick(now, state);
      } else {
        long version = versions.merge(event.incident(), 1L, Long::sum);
        int service = serviceOf.computeIfAbsent(event.incident(), i -> event.service());
        boolean resolve = event.kind() == 1;
        Incident incident = incident(event.incident(), version, service, resolve);
        if (resolve) {
          open.remove(event.incident());
        } else {
          open.add(event.incident());
        }
        outputs = engine.onIncident(incident, now, state);
      }
      for (RunbookEngine.Output output : outputs) {
        ActionResult result = output.result();
        if (result != null && result.getBreaker() != null) {
          BreakerNote note = result.getBreaker();
          if (note.getState() == BreakerState.OPEN) {
            assertThat(note.getOpenIncidents()).isGreaterThanOrEqualTo(breaker);
            assertThat(held.add(result.getActionId())).as("held once").isTrue();
          } else {
            assertThat(held.remove(result.getActionId()))
                .as("closed once, after it was held: %s", result.getActionId())
                .isTrue();
            assertThat(note.getOpenIncidents()).isLessThan(breaker);
          }
        }
        RemediationAction action = output.action();
        if (action == null || action.getKind() != ActionKind.HTTP_SCALE) {
          continue;
        }
        assertThat(open.size())
            .as("open incidents when %s was sent", action.getActionId())
            .isLessThan(breaker);
        String service = SERVICES.get(serviceOf.get(Integer.parseInt(action.getIncidentId())));
        List<Long> sent = automaticSent.computeIfAbsent(service, s -> new ArrayList<>());
        sent.add(now);
        // The 60-minute window that ends with this step: [now - 60 min + 1 ms, now].
        long since = now - HOUR_MS;
        long inWindow = sent.stream().filter(at -> at > since).count();
        assertThat(inWindow)
            .as(
                "automatic steps for %s in the 60 minutes up to %s",
                service, Instant.ofEpochMilli(now))
            .isLessThanOrEqualTo(budget);
      }
      assertThat(RunbookEngine.openIncidents(state)).isEqualTo(open.size());
      if (open.size() < breaker) {
        assertThat(held).as("steps still held once the storm passed").isEmpty();
      }
    }
  }

  @Provide
  Arbitrary<List<Event>> storms() {
    Arbitrary<Event> event =
        Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 14),
                Arbitraries.integers().between(0, SERVICES.size() - 1),
                Arbitraries.frequency(
                    net.jqwik.api.Tuple.of(6, 0),
                    net.jqwik.api.Tuple.of(3, 1),
                    net.jqwik.api.Tuple.of(1, 7),
                    net.jqwik.api.Tuple.of(1, 25),
                    net.jqwik.api.Tuple.of(1, 50)))
            .as(Event::new);
    return event.list().ofMinSize(5).ofMaxSize(120);
  }

  private static Incident incident(int id, long version, int service, boolean resolved) {
    return Incidents.version(Integer.toString(id), version, Severity.WARNING)
        .setStatus(resolved ? IncidentStatus.RESOLVED : IncidentStatus.UPDATED)
        .setServices(List.of(SERVICES.get(service)))
        .setRootCauses(
            List.of(
                RootCauseCandidate.newBuilder()
                    .setRank(1)
                    .setService(SERVICES.get(service))
                    .setScore(1)
                    .setEvidence("e")
                    .build()))
        .build();
  }
}
