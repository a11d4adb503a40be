/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import static io.quell.detect.testing.Fixtures.MONDAY_0900;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.logs.TemplateAlerts;
import io.quell.detect.core.logs.TemplateWatch;
import io.quell.detect.core.logs.TemplateWatchReplay;
import io.quell.detect.core.metric.RollingWindow;
import io.quell.detect.testing.Fixtures;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.LogTemplate;
import io.quell.schemas.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LogTemplateDetectorTest {
  private static final long MINUTE = 60_000;
  private static final Duration EXPIRY = Duration.ofMinutes(20);
  private static final int MAX_PARALLELISM = 128;

  /** A 5-minute warm-up and a short baseline for the count series, so that scenarios stay short. */
  private static final DetectOptions OPTIONS =
      DetectOptions.fromConfig(
          Map.of(
              DetectOptions.LOGS_TEMPLATE_WARM_UP.key(), "300000",
              DetectOptions.METRIC_WINDOW_POINTS.key(), "10",
              DetectOptions.METRIC_WARM_UP_POINTS.key(), "5",
              DetectOptions.LOGS_TEMPLATE_EXPIRY.key(), "600000"));

  private static KeyedOneInputStreamOperatorTestHarness<String, LogEvent, Alert> harness(
      DetectOptions options, int parallelism, int subtask) throws Exception {
    TemplateWatch<RollingWindow> watch = DetectJob.templateWatch(options);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new LogTemplateDetector<>(watch, EXPIRY)),
        LogEvent::getService,
        Types.STRING,
        MAX_PARALLELISM,
        parallelism,
        subtask);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, LogEvent, Alert> harness(
      DetectOptions options) throws Exception {
    var harness = harness(options, 1, 0);
    harness.open();
    return harness;
  }

  private static Instant minute(double minutes) {
    return MONDAY_0900.plusMillis((long) (minutes * MINUTE));
  }

  private static long endOfMinute(int minute) {
    return minute(minute + 1).toEpochMilli() - 1;
  }

  private static LogEvent log(String service, Instant at, String message) {
    return Fixtures.log(service, at, LogLevel.INFO, message);
  }

  /**
   * Payments charges a card every 10 s and settles a batch every 2 s (30 a minute) for {@code
   * minutes}; {@code burst} minutes settle four times as often, {@code gap} minutes not at all.
   */
  private static List<LogEvent> traffic(
      String service, int minutes, Set<Integer> burst, Set<Integer> gap) {
    List<LogEvent> events = new ArrayList<>();
    for (int second = 0; second < minutes * 60; second += 2) {
      int minute = second / 60;
      Instant at = MONDAY_0900.plusSeconds(second);
      if (second % 10 == 0) {
        events.add(
            log(
                service,
                at,
                "charged card " + (4000 + second) + " in " + (12 + second % 7) + "ms"));
      }
      if (gap.contains(minute)) {
        continue;
      }
      int settles = burst.contains(minute) ? 4 : 1;
      for (int i = 0; i < settles; i++) {
        events.add(
            log(
                service,
                at.plusMillis(100 + i * 300L),
                "settled batch " + (second * 4 + i) + " of 17 payments"));
      }
    }
    return events;
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, LogEvent, Alert> harness,
      List<LogEvent> events)
      throws Exception {
    for (LogEvent event : events) {
      harness.processElement(event, event.getTimestamp().toEpochMilli());
    }
  }

  private static List<LogTemplate> templates(
      KeyedOneInputStreamOperatorTestHarness<String, LogEvent, Alert> harness) {
    var output = harness.getSideOutput(LogTemplateDetector.TEMPLATES);
    return output == null ? List.of() : output.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void shouldAnnounceATemplateNeverSeenBeforeAfterTheWarmUpWithItsExampleAndCounts()
      throws Exception {
    List<LogEvent> events = new ArrayList<>(traffic("payments", 10, Set.of(), Set.of()));
    for (int i = 0; i < 3; i++) {
      events.add(
          log(
              "payments",
              minute(7.5).plusSeconds(i),
              "refund rejected for order " + (70 + i) + ": limit exceeded"));
    }
    events.sort(Comparator.comparing(LogEvent::getTimestamp));
    try (var harness = harness(OPTIONS)) {
      feed(harness, events);
      harness.processWatermark(endOfMinute(9));

      List<Alert> alerts = harness.extractOutputValues();
      assertThat(alerts)
          .as("the templates of the first five minutes are learned silently")
          .extracting(Alert::getName, Alert::getStatus)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  TemplateAlerts.NEW_TEMPLATE_ALERT, AlertStatus.FIRING),
              org.assertj.core.groups.Tuple.tuple(
                  TemplateAlerts.NEW_TEMPLATE_ALERT, AlertStatus.RESOLVED));
      Alert firing = alerts.get(0);
      assertThat(firing.getSeverity()).isEqualTo(Severity.INFO);
      assertThat(firing.getService()).isEqualTo("payments");
      assertThat(firing.getStartsAt()).isEqualTo(minute(7.5));
      assertThat(firing.getEvidence().getTemplateText())
          .isEqualTo("refund rejected for order <*>: limit exceeded");
      assertThat(firing.getEvidence().getExampleMessage())
          .isEqualTo("refund rejected for order 70: limit exceeded");
      assertThat(firing.getEvidence().getObservedValue()).isEqualTo(3.0);
      assertThat(firing.getEvidence().getExpectedValue()).isEqualTo(0.0);
      assertThat(firing.getLabels())
          .containsEntry("service", "payments")
          .containsEntry(TemplateAlerts.TEMPLATE_LABEL, firing.getEvidence().getTemplateId());
      assertThat(firing.getAnnotations())
          .containsEntry("interval_count", "3")
          .containsEntry("baseline", "0");
      assertThat(alerts.get(1).getEndsAt()).as("one interval later").isEqualTo(minute(8));
      assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp())
          .isEqualTo(endOfMinute(7));

      List<LogTemplate> published = templates(harness);
      assertThat(published.stream().map(LogTemplate::getTemplate).distinct())
          .containsExactlyInAnyOrder(
              "charged card <*> in <*>",
              "settled batch <*> of <*> payments",
              "refund rejected for order <*>: limit exceeded");
      LogTemplate settled =
          published.stream()
              .filter(t -> t.getTemplate().startsWith("settled"))
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(settled.getCount())
          .as("republished as its count doubles")
          .isGreaterThanOrEqualTo(150);
      assertThat(settled.getExampleMessage()).isEqualTo("settled batch 0 of 17 payments");
      assertThat(settled.getFirstSeen()).isEqualTo(MONDAY_0900.plusMillis(100));
    }
  }

  @Test
  void shouldAnnounceAtMostTheCapOfNewTemplatesPerInterval() throws Exception {
    List<LogEvent> events = new ArrayList<>(traffic("payments", 8, Set.of(), Set.of()));
    // five kinds of message of different lengths: five templates
    String[] kinds = {
      "backup uploaded",
      "schema migration started",
      "schema migration finished in 3 steps",
      "replica lag is growing on the standby node",
      "certificate for the api was rotated early by the operator"
    };
    for (int i = 0; i < kinds.length; i++) {
      events.add(log("payments", minute(6.1 + i * 0.1), kinds[i]));
    }
    events.sort(Comparator.comparing(LogEvent::getTimestamp));
    try (var harness = harness(OPTIONS)) {
      feed(harness, events);
      harness.processWatermark(endOfMinute(6));

      assertThat(harness.extractOutputValues())
          .hasSize(3)
          .allSatisfy(a -> assertThat(a.getName()).isEqualTo(TemplateAlerts.NEW_TEMPLATE_ALERT));
    }
  }

  @Test
  void shouldAlertWhenATemplateRateJumpsAndWhenItVanishes() throws Exception {
    List<LogEvent> events = traffic("payments", 30, Set.of(12, 13, 14), Set.of(22, 23, 24, 25, 26));
    try (var harness = harness(OPTIONS)) {
      feed(harness, events);
      harness.processWatermark(endOfMinute(29));

      List<Alert> alerts = harness.extractOutputValues();
      assertThat(alerts)
          .extracting(Alert::getName, Alert::getStatus)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  TemplateAlerts.TEMPLATE_RATE_ALERT, AlertStatus.FIRING),
              org.assertj.core.groups.Tuple.tuple(
                  TemplateAlerts.TEMPLATE_RATE_ALERT, AlertStatus.RESOLVED),
              org.assertj.core.groups.Tuple.tuple(
                  TemplateAlerts.TEMPLATE_RATE_ALERT, AlertStatus.FIRING),
              org.assertj.core.groups.Tuple.tuple(
                  TemplateAlerts.TEMPLATE_RATE_ALERT, AlertStatus.RESOLVED));
      Alert jump = alerts.get(0);
      assertThat(jump.getStartsAt()).isEqualTo(minute(12));
      assertThat(jump.getEvidence().getTemplateText())
          .isEqualTo("settled batch <*> of <*> payments");
      assertThat(jump.getEvidence().getExampleMessage())
          .isEqualTo("settled batch 0 of 17 payments");
      assertThat(jump.getEvidence().getObservedValue()).isEqualTo(120.0);
      assertThat(jump.getEvidence().getExpectedValue()).isEqualTo(30.0);
      assertThat(jump.getAnnotations())
          .containsEntry("baseline", "30")
          .containsEntry("interval_count", "120");
      assertThat(jump.getEvidence().getDescription()).contains("jumped");
      assertThat(jump.getDetector()).isEqualTo(TemplateAlerts.TEMPLATE_RATE);
      Alert vanished = alerts.get(2);
      assertThat(vanished.getStartsAt()).isEqualTo(minute(22));
      assertThat(vanished.getEvidence().getObservedValue()).isEqualTo(0.0);
      assertThat(vanished.getEvidence().getDescription()).contains("vanished");
      assertThat(vanished.getFingerprint()).isEqualTo(jump.getFingerprint());
      assertThat(alerts.get(3).getEndsAt()).isEqualTo(minute(27));
      assertThat(alerts)
          .as("the core's offline replay")
          .isEqualTo(
              TemplateWatchReplay.replay(
                  DetectJob.templateWatch(OPTIONS), events, EXPIRY.toMillis()));
    }
  }

  @Test
  void shouldForgetSilentTemplatesAndThenTheServiceBackToNoStateAndNoTimers() throws Exception {
    try (var harness = harness(OPTIONS)) {
      feed(harness, traffic("payments", 3, Set.of(), Set.of()));
      harness.processWatermark(endOfMinute(2));
      assertThat(harness.numKeyedStateEntries()).isPositive();

      // Only the card template goes on: the batch template expires after 10 minutes of silence.
      for (int minute = 3; minute < 15; minute++) {
        harness.processElement(
            log("payments", minute(minute), "charged card 1 in 2ms"),
            minute(minute).toEpochMilli());
      }
      harness.processWatermark(endOfMinute(14));
      long withOneTemplate = harness.numKeyedStateEntries();

      harness.processWatermark(minute(14).toEpochMilli() + EXPIRY.toMillis() + MINUTE);

      assertThat(withOneTemplate).isLessThan(10);
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(harness.extractOutputValues())
          .as("the batches vanished, and the alert ended when their template expired")
          .extracting(Alert::getStatus, a -> a.getAnnotations().get("resolved_reason"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(AlertStatus.FIRING, null),
              org.assertj.core.groups.Tuple.tuple(AlertStatus.RESOLVED, "fell silent"));
    }
  }

  @Test
  void shouldDropEventsOfIntervalsAlreadyClosed() throws Exception {
    try (var harness = harness(OPTIONS)) {
      harness.processWatermark(endOfMinute(1));

      harness.processElement(log("payments", minute(1.5), "late"), minute(1.5).toEpochMilli());

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(templates(harness)).isEmpty();
    }
  }

  /**
   * Jump and vanish of payments' batches, with a new template after the warm-up, and a quiet shop.
   */
  private static List<LogEvent> twoServices() {
    List<LogEvent> events =
        new ArrayList<>(traffic("payments", 30, Set.of(12, 13, 14), Set.of(22, 23, 24, 25, 26)));
    events.addAll(traffic("shop", 30, Set.of(), Set.of()));
    for (int i = 0; i < 4; i++) {
      events.add(
          log(
              "payments",
              minute(17.2).plusSeconds(i),
              "refund rejected for order " + (70 + i) + ": limit exceeded"));
      events.add(
          log("shop", minute(8.2).plusSeconds(i), "basket " + i + " abandoned after timeout"));
    }
    events.sort(Comparator.comparing(LogEvent::getTimestamp));
    return events;
  }

  private static List<LogEvent> until(List<LogEvent> events, double minutes) {
    return events.stream().filter(e -> e.getTimestamp().isBefore(minute(minutes))).toList();
  }

  private static List<LogEvent> from(List<LogEvent> events, double minutes) {
    return events.stream().filter(e -> !e.getTimestamp().isBefore(minute(minutes))).toList();
  }

  /** The template ids and their latest published counts, by service. */
  private static Map<String, Map<String, Long>> counts(List<LogTemplate> published) {
    Map<String, Map<String, Long>> counts = new HashMap<>();
    for (LogTemplate t : published) {
      counts
          .computeIfAbsent(t.getService(), s -> new HashMap<>())
          .put(t.getTemplateId(), t.getCount());
    }
    return counts;
  }

  private record Run(List<Alert> alerts, List<LogTemplate> templates) {}

  /** The events fed in two halves with the watermarks of the restore tests, without a restore. */
  private static Run uninterrupted(List<LogEvent> events) throws Exception {
    try (var harness = harness(OPTIONS)) {
      feed(harness, until(events, 13.5));
      harness.processWatermark(endOfMinute(12));
      feed(harness, from(events, 13.5));
      harness.processWatermark(endOfMinute(29));
      return new Run(harness.extractOutputValues(), templates(harness));
    }
  }

  /** The first half; collects what it sent and returns the snapshot taken after it. */
  private static OperatorSubtaskState firstHalf(
      List<LogEvent> events, List<Alert> alerts, List<LogTemplate> published) throws Exception {
    try (var before = harness(OPTIONS)) {
      feed(before, until(events, 13.5));
      before.processWatermark(endOfMinute(12));
      alerts.addAll(before.extractOutputValues());
      published.addAll(templates(before));
      return before.snapshot(1, endOfMinute(12));
    }
  }

  @Test
  void shouldKeepTemplateIdsCountsAndAlertsAcrossACheckpointAndRestore() throws Exception {
    List<LogEvent> events = twoServices();
    Run uninterrupted = uninterrupted(events);
    assertThat(uninterrupted.alerts())
        .extracting(Alert::getName)
        .contains(TemplateAlerts.NEW_TEMPLATE_ALERT, TemplateAlerts.TEMPLATE_RATE_ALERT);

    List<Alert> alerts = new ArrayList<>();
    List<LogTemplate> published = new ArrayList<>();
    OperatorSubtaskState snapshot = firstHalf(events, alerts, published);
    try (var after = harness(OPTIONS, 1, 0)) {
      after.initializeState(snapshot);
      after.open();
      feed(after, from(events, 13.5));
      after.processWatermark(endOfMinute(29));
      alerts.addAll(after.extractOutputValues());
      published.addAll(templates(after));
    }

    assertThat(alerts).isEqualTo(uninterrupted.alerts());
    assertThat(counts(published)).isEqualTo(counts(uninterrupted.templates()));
    assertThat(published).isEqualTo(uninterrupted.templates());
  }

  @Test
  void shouldMoveEachServiceWithItsTemplatesWhenTheJobIsRescaled() throws Exception {
    List<LogEvent> events = twoServices();
    Run uninterrupted = uninterrupted(events);

    List<Alert> alerts = new ArrayList<>();
    List<LogTemplate> published = new ArrayList<>();
    OperatorSubtaskState snapshot = firstHalf(events, alerts, published);
    // From parallelism 1 to 2: each subtask gets the key groups of its range and only those events.
    Set<String> servicesSeen = new TreeSet<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      try (var after = harness(OPTIONS, 2, subtask)) {
        after.initializeState(
            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                snapshot, MAX_PARALLELISM, 1, 2, subtask));
        after.open();
        int index = subtask;
        List<LogEvent> mine =
            from(events, 13.5).stream()
                .filter(
                    e ->
                        org.apache.flink.runtime.state.KeyGroupRangeAssignment
                                .assignKeyToParallelOperator(e.getService(), MAX_PARALLELISM, 2)
                            == index)
                .toList();
        mine.stream().map(LogEvent::getService).forEach(servicesSeen::add);
        feed(after, mine);
        after.processWatermark(endOfMinute(29));
        alerts.addAll(after.extractOutputValues());
        published.addAll(templates(after));
      }
    }

    assertThat(servicesSeen).containsExactly("payments", "shop");
    Comparator<Alert> byTimeAndFingerprint =
        Comparator.comparing((Alert a) -> a.getEndsAt() == null ? a.getStartsAt() : a.getEndsAt())
            .thenComparing(Alert::getFingerprint)
            .thenComparing(a -> a.getStatus().name());
    assertThat(alerts.stream().sorted(byTimeAndFingerprint).toList())
        .isEqualTo(uninterrupted.alerts().stream().sorted(byTimeAndFingerprint).toList());
    assertThat(counts(published)).isEqualTo(counts(uninterrupted.templates()));
    assertThat(published.stream().map(LogTemplate::getTemplateId).collect(Collectors.toSet()))
        .isEqualTo(
            uninterrupted.templates().stream()
                .map(LogTemplate::getTemplateId)
                .collect(Collectors.toSet()));
  }
}
