/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quell.detect.core.Intervals;
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

  @Test
  void shouldJudgeAJumpInTheShareOfErrorsAndWarningsWhenTheCountAloneIsNoBurst() {
    // warm-up: 100 events a minute, 2 of them warnings
    rule.judge(baseline, 0, 2, 100);
    rule.judge(baseline, 0, 2, 100);
    assertThat(baseline.getRatioAverage()).isCloseTo(0.02, within(1e-9));

    // traffic drops to 20 events, 4 errors and 4 warnings: 40 % where 2 % is usual
    BurstJudgement jump = rule.judge(baseline, 4, 4, 20);

    assertThat(jump.countBurst()).as("4 errors are under the minimum of 5").isFalse();
    assertThat(jump.ratioBurst()).isTrue();
    assertThat(jump.anomalous()).isTrue();
    assertThat(jump.ratioThreshold()).as("max(min-ratio, 3 × 2 %)").isCloseTo(0.1, within(1e-9));
    assertThat(jump.severity()).as("40 % ≥ 3 × 10 %").isEqualTo(Severity.CRITICAL);
    assertThat(baseline.getRatioAverage())
        .as("a burst is not learned")
        .isCloseTo(0.02, within(1e-9));
  }

  @Test
  void shouldNotJudgeTheShareOfAHandfulOfEvents() {
    rule.judge(baseline, 0, 0, 100);
    rule.judge(baseline, 0, 0, 100);

    BurstJudgement fewButAllBad = rule.judge(baseline, 2, 2, 4);

    assertThat(fewButAllBad.ratioJudged()).as("4 errors and warnings, fewer than 5").isFalse();
    assertThat(fewButAllBad.anomalous()).isFalse();
    assertThat(rule.judge(baseline, 2, 3, 100).anomalous()).as("5 %, under min-ratio").isFalse();
  }

  @Test
  void shouldCountEveryLevelAndPreferAnErrorAsTheExample() {
    IntervalTally tally = new IntervalTally();
    tally.count(LogLevel.WARN, 10, "slow disk");
    tally.count(LogLevel.INFO, 5, "ok");
    assertThat(tally.getExampleMessage()).isEqualTo("slow disk");
    tally.count(LogLevel.ERROR, 30, "disk failed");

    assertThat(tally.getExampleMessage()).isEqualTo("disk failed");
    assertThat(tally.getErrors()).isEqualTo(1);
    assertThat(tally.getWarnings()).isEqualTo(1);
    assertThat(tally.getEvents()).isEqualTo(3);
  }
}
