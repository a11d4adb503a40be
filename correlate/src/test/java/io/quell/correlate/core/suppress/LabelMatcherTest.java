/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.correlate.testing.TestAlerts;
import io.quell.schemas.avro.MatchOperator;
import io.quell.schemas.avro.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {

  private static final Map<String, String> LABELS = Map.of("service", "checkout", "env", "prod");

  @Test
  void shouldCompareEqualAndNotEqual() {
    assertThat(LabelMatcher.parse("env=prod").matches(LABELS)).isTrue();
    assertThat(LabelMatcher.parse("env=staging").matches(LABELS)).isFalse();
    assertThat(LabelMatcher.parse("env!=staging").matches(LABELS)).isTrue();
    assertThat(LabelMatcher.parse("env!=prod").matches(LABELS)).isFalse();
  }

  @Test
  void shouldAnchorRegularExpressionsAtBothEnds() {
    assertThat(LabelMatcher.parse("service=~\"check.*\"").matches(LABELS)).isTrue();
    assertThat(LabelMatcher.parse("service=~\"check\"").matches(LABELS)).isFalse();
    assertThat(LabelMatcher.parse("service=~\"out\"").matches(LABELS)).isFalse();
    assertThat(LabelMatcher.parse("service=~\"checkout|payments\"").matches(LABELS)).isTrue();
    assertThat(LabelMatcher.parse("service!~\"check\"").matches(LABELS)).isTrue();
    assertThat(LabelMatcher.parse("service!~\"check.*\"").matches(LABELS)).isFalse();
  }

  @Test
  void shouldReadAMissingLabelAsTheEmptyValue() {
    assertThat(LabelMatcher.parse("team=\"\"").matches(LABELS)).isTrue();
    assertThat(LabelMatcher.parse("team!=\"\"").matches(LABELS)).isFalse();
    assertThat(LabelMatcher.parse("team=~\".*\"").matches(LABELS)).isTrue();
    assertThat(LabelMatcher.parse("team=~\".+\"").matches(LABELS)).isFalse();
    assertThat(LabelMatcher.parse("team!~\"a.*\"").matches(LABELS)).isTrue();
  }

  @Test
  void shouldParseQuotesEscapesAndSpaces() {
    LabelMatcher matcher = LabelMatcher.parse("  msg = \"say \\\"hi\\\"\" ");

    assertThat(matcher.name()).isEqualTo("msg");
    assertThat(matcher.operator()).isEqualTo(MatchOperator.EQUAL);
    assertThat(matcher.value()).isEqualTo("say \"hi\"");
    assertThat(LabelMatcher.parse(matcher.toString())).isEqualTo(matcher);
  }

  @Test
  void shouldRejectABadRegularExpressionNamingIt() {
    assertThatThrownBy(() -> LabelMatcher.parse("service=~\"(unclosed\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service=~\"(unclosed\"")
        .hasMessageContaining("regular expression");
    assertThatThrownBy(() -> LabelMatcher.of("x", MatchOperator.REGEX_NOT_MATCH, "[a-"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectTextThatIsNoMatcher() {
    assertThatThrownBy(() -> LabelMatcher.parse("just-a-name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("just-a-name");
    assertThatThrownBy(() -> LabelMatcher.parse("=value"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LabelMatcher.parse("a=\"open"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quote");
  }

  @Test
  void shouldMatchNothingWithoutMatchers() {
    assertThat(LabelMatcher.allMatch(List.of(), LABELS)).isFalse();
  }

  @Test
  void shouldMatchTheAlertNameServiceAndSeverityAsPseudoLabels() {
    var alert =
        TestAlerts.builder("f", "DiskFull", "db", TestAlerts.T0)
            .setLabels(Map.of("instance", "db-1"))
            .setSeverity(Severity.CRITICAL)
            .build();

    Map<String, String> labels = AlertLabels.of(alert);

    assertThat(labels)
        .containsEntry("alertname", "DiskFull")
        .containsEntry("service", "db")
        .containsEntry("severity", "critical")
        .containsEntry("instance", "db-1");
    // A real label wins over the field.
    var labelled =
        TestAlerts.builder("g", "DiskFull", "db", TestAlerts.T0)
            .setLabels(Map.of("severity", "page"))
            .build();
    assertThat(AlertLabels.of(labelled)).containsEntry("severity", "page");
  }
}
