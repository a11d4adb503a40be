/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.Severity;
import org.junit.jupiter.api.Test;

class ErrorBurstRuleTest {
  // 60 s intervals, at least 5 errors, 3 x baseline, CRITICAL at 3 x threshold, alpha 0.5, 2
  // warm-up
  private final ErrorBurstRule rule =
      new ErrorBurstRule(new ErrorBurstSettings(60_000, 5, 3.0, 3.0, 0.5, 2));
  private final ErrorBaseline baseline = new ErrorBaseline();

  @Test
  void shouldOnlyLearnDuringTheWarmUp() {
    assertThat(rule.judge(baseline, 100).scored()).isFalse();
    assertThat(rule.judge(baseline, 0).scored()).isFalse();

    assertThat(rule.judge(baseline, 0).scored()).isTrue();
  }

  @Test
  void shouldNeedTheMinimumCountOnAQuietService() {
    rule.judge(baseline, 0);
    rule.judge(baseline, 0);

    assertThat(rule.judge(baseline, 4).anomalous()).isFalse();
    rule.judge(baseline, 0);
    rule.judge(baseline, 0);
    // the average is now 0.5: the minimum count rules
    BurstJudgement burst = rule.judge(baseline, 5);
    assertThat(burst.anomalous()).isTrue();
    assertThat(burst.threshold()).isEqualTo(5);
    assertThat(burst.severity()).isEqualTo(Severity.WARNING);
    assertThat(rule.judge(baseline, 15).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void shouldNeedAMultipleOfTheUsualCountOnANoisyService() {
    rule.judge(baseline, 10);
    rule.judge(baseline, 10);

    assertThat(baseline.getAverage()).isCloseTo(10, within(1e-9));
    assertThat(rule.judge(baseline, 29).anomalous()).isFalse();
    // the average learned 29 with weight 0.5: 19.5, so a burst needs 58.5
    assertThat(rule.judge(baseline, 59).anomalous()).isTrue();
    assertThat(rule.judge(baseline, 58).anomalous()).isFalse();
  }

  @Test
  void shouldNotLearnFromBursts() {
    rule.judge(baseline, 2);
    rule.judge(baseline, 2);

    for (int i = 0; i < 50; i++) {
      assertThat(rule.judge(baseline, 100).anomalous()).isTrue();
    }
    assertThat(baseline.getAverage()).isCloseTo(2, within(1e-9));
  }

  @Test
  void shouldMoveTheAverageTowardsNormalCounts() {
    rule.judge(baseline, 4);
    rule.judge(baseline, 4);

    rule.judge(baseline, 0);

    assertThat(baseline.getAverage()).isCloseTo(2, within(1e-9));
  }

  @Test
  void shouldCountOnlyErrorAndFatalAsErrors() {
    assertThat(ErrorBurstRule.isError(LogLevel.ERROR)).isTrue();
    assertThat(ErrorBurstRule.isError(LogLevel.FATAL)).isTrue();
    assertThat(ErrorBurstRule.isError(LogLevel.WARN)).isFalse();
    assertThat(ErrorBurstRule.isError(LogLevel.INFO)).isFalse();
  }

  @Test
  void shouldKeepTheEarliestMessageAsExampleWhateverTheArrivalOrder() {
    IntervalTally oneWay = new IntervalTally();
    oneWay.add(30, "b late");
    oneWay.add(10, "a early");
    IntervalTally otherWay = new IntervalTally();
    otherWay.add(10, "a early");
    otherWay.add(30, "b late");

    assertThat(oneWay.getExampleMessage()).isEqualTo("a early");
    assertThat(otherWay.getExampleMessage()).isEqualTo("a early");
    assertThat(oneWay.getErrors()).isEqualTo(2);
  }

  @Test
  void shouldAlignIntervalsToTheEpoch() {
    assertThat(Intervals.startOf(125_000, 60_000)).isEqualTo(120_000);
    assertThat(Intervals.startOf(-1, 60_000)).isEqualTo(-60_000);
    assertThat(Intervals.lastMillisOf(120_000, 60_000)).isEqualTo(179_999);
  }
}
