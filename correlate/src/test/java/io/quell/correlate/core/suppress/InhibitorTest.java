/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.SilenceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class InhibitorTest {

  private static final Duration LATENESS = Duration.ofSeconds(60);
  private static final Duration QUIET = Duration.ofMinutes(10);

  private static final InhibitionRule NODE_DOWN =
      new InhibitionRule(
          "node-down",
          List.of(LabelMatcher.parse("alertname=NodeDown")),
          List.of(LabelMatcher.parse("severity=~\"warning|info\"")),
          List.of("node"),
          LATENESS);

  private static final Inhibitor INHIBITOR = new Inhibitor(List.of(NODE_DOWN), QUIET);

  private static Map<String, String> target(String node) {
    return Map.of("alertname", "HighLatency", "severity", "warning", "node", node);
  }

  private static Map<String, String> source(String node) {
    return Map.of("alertname", "NodeDown", "severity", "critical", "node", node);
  }

  /** One alert record as it arrives: firing or resolved, with its times. */
  record Event(
      String fingerprint, Map<String, String> labels, AlertStatus status, long start, Long end) {}

  private static List<SourceAlert> remember(List<Event> arrival) {
    Map<String, SourceAlert> sources = new HashMap<>();
    for (Event event : arrival) {
      if (INHIBITOR.isSource(event.labels())) {
        long heard = event.end() == null ? event.start() : event.end();
        sources.put(
            event.fingerprint(),
            INHIBITOR.record(
                sources.get(event.fingerprint()),
                event.fingerprint(),
                event.labels(),
                event.status(),
                event.start(),
                event.end(),
                heard));
      }
    }
    return new ArrayList<>(sources.values());
  }

  @Test
  void shouldHoldTargetsForTheLatenessAndNotSources() {
    assertThat(INHIBITOR.holdFor(target("n1"))).hasValue(60_000);
    assertThat(INHIBITOR.holdFor(source("n1"))).isEmpty();
    assertThat(INHIBITOR.isSource(source("n1"))).isTrue();
    assertThat(INHIBITOR.isSource(target("n1"))).isFalse();
  }

  @Test
  void shouldMuteATargetWhoseSourceStartsWithinTheLatenessAfterIt() {
    List<SourceAlert> sources =
        remember(List.of(new Event("nd", source("n1"), AlertStatus.FIRING, 40_000, null)));

    Optional<Mute> mute = INHIBITOR.inhibitedAt(target("n1"), "t", 0, 60_000, sources);

    assertThat(mute).isPresent();
    assertThat(mute.get().kind()).isEqualTo(SilenceKind.INHIBITION);
    assertThat(mute.get().id()).isEqualTo("node-down");
    assertThat(mute.get().reason()).contains("NodeDown").contains("node=n1");
    // Not on another node, and not by a source that starts after the lateness.
    assertThat(INHIBITOR.inhibitedAt(target("n2"), "t", 0, 60_000, sources)).isEmpty();
    List<SourceAlert> tooLate =
        remember(List.of(new Event("nd", source("n1"), AlertStatus.FIRING, 60_001, null)));
    assertThat(INHIBITOR.inhibitedAt(target("n1"), "t", 0, 60_000, tooLate)).isEmpty();
  }

  @Test
  void shouldStopMutingTheLatenessAfterTheSourceResolved() {
    List<SourceAlert> sources =
        remember(
            List.of(
                new Event("nd", source("n1"), AlertStatus.FIRING, 0, null),
                new Event("nd", source("n1"), AlertStatus.RESOLVED, 0, 120_000L)));

    // Resolved at 120 s (its last firing moment just before): muted until 120 s + lateness.
    assertThat(INHIBITOR.inhibitedAt(target("n1"), "t", 10_000, 179_999, sources)).isPresent();
    assertThat(INHIBITOR.inhibitedAt(target("n1"), "t", 10_000, 180_000, sources)).isEmpty();
    assertThat(INHIBITOR.nextChangeAfter(60_000, sources)).isEqualTo(180_000);
    // A target that started after the source ended is not muted by it.
    assertThat(INHIBITOR.inhibitedAt(target("n1"), "t", 150_000, 150_000 + 60_000, sources))
        .isEmpty();
  }

  @Test
  void shouldCountASilentSourceAsFiringForTheQuietPeriodOnly() {
    List<SourceAlert> sources =
        remember(List.of(new Event("nd", source("n1"), AlertStatus.FIRING, 0, null)));
    long quiet = QUIET.toMillis();

    assertThat(INHIBITOR.inhibitedAt(target("n1"), "t", quiet - 1, quiet - 1 + 60_000, sources))
        .isPresent();
    assertThat(INHIBITOR.inhibitedAt(target("n1"), "t", quiet, quiet + 60_000, sources)).isEmpty();
    assertThat(INHIBITOR.forgetAt(sources.get(0))).isEqualTo(quiet + 60_000);
    assertThat(INHIBITOR.prune(sources.get(0), quiet + 60_000)).isNull();
  }

  @Test
  void shouldNotLetAnAlertThatMatchesBothSidesMuteItselfOrItsLike() {
    InhibitionRule both =
        new InhibitionRule(
            "same",
            List.of(LabelMatcher.parse("alertname=Down")),
            List.of(LabelMatcher.parse("alertname=Down")),
            List.of(),
            LATENESS);
    Inhibitor inhibitor = new Inhibitor(List.of(both), QUIET);
    Map<String, String> down = Map.of("alertname", "Down");
    SourceAlert a = inhibitor.record(null, "a", down, AlertStatus.FIRING, 0, null, 0);
    SourceAlert b = inhibitor.record(null, "b", down, AlertStatus.FIRING, 0, null, 0);

    assertThat(inhibitor.inhibitedAt(down, "a", 0, 60_000, List.of(a, b))).isEmpty();
  }

  @Test
  void shouldNameTheSourceWithTheSmallestFingerprintAmongSeveral() {
    List<SourceAlert> sources =
        remember(
            List.of(
                new Event("nd-b", source("n1"), AlertStatus.FIRING, 0, null),
                new Event("nd-a", source("n1"), AlertStatus.FIRING, 10, null)));

    assertThat(INHIBITOR.inhibitedAt(target("n1"), "t", 0, 60_000, sources).get().reason())
        .contains("nd-a");
  }

  /**
   * Whatever order the records of a story arrive in, the answer at any decision time after the
   * lateness is the same: it depends on the records' event times only.
   */
  @Property(tries = 200)
  void shouldDecideTheSameInEveryArrivalOrder(
      @ForAll @IntRange(min = 0, max = 200) int sourceStartSeconds,
      @ForAll @IntRange(min = 1, max = 200) int sourceLengthSeconds,
      @ForAll @IntRange(min = 0, max = 200) int targetStartSeconds,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    long sourceStart = sourceStartSeconds * 1000L;
    long sourceEnd = sourceStart + sourceLengthSeconds * 1000L;
    long targetStart = targetStartSeconds * 1000L;
    List<Event> story =
        new ArrayList<>(
            List.of(
                new Event("nd", source("n1"), AlertStatus.FIRING, sourceStart, null),
                new Event("nd", source("n1"), AlertStatus.RESOLVED, sourceStart, sourceEnd),
                new Event("other", source("n2"), AlertStatus.FIRING, 0, null)));
    long decision = targetStart + LATENESS.toMillis();
    Optional<Mute> reference =
        INHIBITOR.inhibitedAt(target("n1"), "t", targetStart, decision, remember(story));

    List<Event> shuffled = new ArrayList<>(story);
    Collections.shuffle(shuffled, new java.util.Random(seed));
    Optional<Mute> answer =
        INHIBITOR.inhibitedAt(target("n1"), "t", targetStart, decision, remember(shuffled));

    assertThat(answer).isEqualTo(reference);
    boolean overlaps = sourceStart <= decision && sourceEnd > targetStart;
    assertThat(answer.isPresent()).isEqualTo(overlaps);
  }

  @Test
  void shouldParseRulesFromYamlAndRejectMistakesNamingTheRule() {
    String yaml =
        """
        rules:
          - name: node-down
            source: ['alertname="NodeDown"']
            target: ['severity=~"warning|info"']
            equal: [node]
          - name: cluster-down
            source: 'alertname=ClusterDown'
            target: ['alertname!=ClusterDown']
            lateness-ms: 5000
        """;

    List<InhibitionRule> rules = InhibitionRules.parse(yaml, LATENESS);

    assertThat(rules).hasSize(2);
    assertThat(rules.get(0)).isEqualTo(NODE_DOWN);
    assertThat(rules.get(1).lateness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(InhibitionRules.parse("[]", LATENESS)).isEmpty();
    assertThat(InhibitionRules.parse("  ", LATENESS)).isEmpty();
    assertThat(
            InhibitionRules.parse(
                "[{\"name\":\"j\",\"source\":[\"a=b\"],\"target\":[\"c=d\"]}]", LATENESS))
        .hasSize(1);
    assertThatThrownBy(() -> InhibitionRules.parse("- name: x\n  source: [a=b]\n", LATENESS))
        .hasMessageContaining("inhibition rule x")
        .hasMessageContaining("target");
    assertThatThrownBy(
            () ->
                InhibitionRules.parse(
                    "- name: y\n  source: [a=b]\n  target: ['c=~\"(\"']\n", LATENESS))
        .hasMessageContaining("inhibition rule y")
        .hasMessageContaining("regular expression");
    assertThatThrownBy(
            () ->
                InhibitionRules.parse(
                    "- name: z\n  source: [a=b]\n  target: [c=d]\n  equals: [x]\n", LATENESS))
        .hasMessageContaining("unknown field 'equals'");
    assertThatThrownBy(() -> InhibitionRules.parse("rules: [", LATENESS))
        .hasMessageContaining("YAML");
  }
}
