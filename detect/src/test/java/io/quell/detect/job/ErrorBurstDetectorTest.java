/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import static io.quell.detect.testing.Fixtures.MONDAY_0900;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.logs.ErrorBurstReplay;
import io.quell.detect.testing.Fixtures;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ErrorBurstDetectorTest {
  private static final long MINUTE = 60_000;
  private static final Duration EXPIRY = Duration.ofMinutes(20);

  private static KeyedOneInputStreamOperatorTestHarness<String, LogEvent, Alert> harness(
      DetectOptions options) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new ErrorBurstDetector(DetectJob.serviceMonitor(options), EXPIRY),
        LogEvent::getService,
        Types.STRING);
  }

  private static Instant minute(double minutes) {
    return MONDAY_0900.plusMillis((long) (minutes * MINUTE));
  }

  private static long lastMillisOfMinute(int minute) {
    return minute(minute + 1).toEpochMilli() - 1;
  }

  /** INFO every 10 s for {@code minutes}; 12 errors a minute in minutes 5, 6 and 7. */
  private static List<LogEvent> outage(int minutes) {
    List<LogEvent> events = new ArrayList<>();
    for (int second = 0; second < minutes * 60; second += 10) {
      Instant at = MONDAY_0900.plusSeconds(second);
      events.add(Fixtures.log("payments", at, LogLevel.INFO, "charged card"));
      if (second >= 300 && second < 480) {
        events.add(Fixtures.log("payments", at.plusMillis(100), LogLevel.ERROR, "gateway timeout"));
        events.add(Fixtures.log("payments", at.plusMillis(200), LogLevel.FATAL, "worker crashed"));
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

  @Test
  void shouldFireAfterBurstIntervalsAndResolveAfterQuietOnes() throws Exception {
    DetectOptions options = DetectOptions.defaults();
    List<LogEvent> events = outage(12);
    try (var harness = harness(options)) {
      feed(harness, events);
      harness.processWatermark(lastMillisOfMinute(11));

      List<Alert> alerts = harness.extractOutputValues();
      assertThat(alerts)
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
      Alert firing = alerts.get(0);
      assertThat(firing.getService()).isEqualTo("payments");
      assertThat(firing.getDetector()).isEqualTo("error-burst");
      assertThat(firing.getStartsAt())
          .as("the first error of the first burst minute")
          .isEqualTo(minute(5).plusMillis(100));
      assertThat(firing.getEvidence().getObservedValue()).isEqualTo(12.0);
      assertThat(firing.getEvidence().getExampleMessage()).isEqualTo("gateway timeout");
      assertThat(alerts.get(1).getEndsAt()).isEqualTo(minute(8));
      assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp())
          .as("sent when the second burst minute closed")
          .isEqualTo(lastMillisOfMinute(6));
      assertThat(alerts)
          .isEqualTo(
              ErrorBurstReplay.replay(
                  DetectJob.serviceMonitor(options), events, EXPIRY.toMillis()));
      // baseline and clock of a quiet service; no tallies, no episode, no open alert
      assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
      assertThat(harness.numEventTimeTimers()).as("the next tick").isEqualTo(1);
    }
  }

  @Test
  void shouldCloseEmptyIntervalsSoAnAlertResolvesWhenTheServiceGoesQuiet() throws Exception {
    try (var harness = harness(DetectOptions.defaults())) {
      feed(harness, outage(7));
      harness.processWatermark(lastMillisOfMinute(6));
      assertThat(harness.extractOutputValues()).hasSize(1);

      // nothing more is logged; time goes on through the other partitions
      harness.processWatermark(lastMillisOfMinute(9));

      assertThat(harness.extractOutputValues())
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }
  }

  @Test
  void shouldForgetAServiceThatFellSilentAndStopTicking() throws Exception {
    try (var harness = harness(DetectOptions.defaults())) {
      feed(harness, outage(3));
      long lastEvent = minute(3).toEpochMilli() - 10_000;
      harness.processWatermark(lastMillisOfMinute(2));
      assertThat(harness.numKeyedStateEntries()).isPositive();

      harness.processWatermark(lastEvent + EXPIRY.toMillis() + MINUTE);

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(harness.extractOutputValues()).isEmpty();
    }
  }

  @Test
  void shouldCountAnEarlierIntervalThatArrivesAfterALaterOne() throws Exception {
    DetectOptions eager =
        DetectOptions.fromConfig(
            Map.of(
                DetectOptions.LOGS_WARM_UP_INTERVALS.key(), "0",
                DetectOptions.LOGS_FIRE_AFTER_INTERVALS.key(), "1"));
    try (var harness = harness(eager)) {
      harness.processElement(
          Fixtures.log("payments", minute(3.5), LogLevel.INFO, "ok"), minute(3.5).toEpochMilli());
      for (int i = 0; i < 6; i++) {
        Instant at = minute(2.1).plusSeconds(i);
        harness.processElement(
            Fixtures.log("payments", at, LogLevel.ERROR, "disk full"), at.toEpochMilli());
      }

      harness.processWatermark(lastMillisOfMinute(3));

      assertThat(harness.extractOutputValues())
          .singleElement()
          .satisfies(a -> assertThat(a.getStartsAt()).isEqualTo(minute(2.1)));
    }
  }

  @Test
  void shouldDropEventsOfIntervalsAlreadyClosed() throws Exception {
    try (var harness = harness(DetectOptions.defaults())) {
      harness.processWatermark(lastMillisOfMinute(1));

      harness.processElement(
          Fixtures.log("payments", minute(1.5), LogLevel.ERROR, "late"),
          minute(1.5).toEpochMilli());

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }
}
