/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.correlate.core.CorrelationSettings;
import io.quell.schemas.config.ConfigOption;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelateOptionsTest {

  @Test
  void shouldListEveryOptionConstantInAll() throws Exception {
    List<ConfigOption<?>> constants = new ArrayList<>();
    for (Field field : CorrelateOptions.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
        constants.add((ConfigOption<?>) field.get(null));
      }
    }

    assertThat(CorrelateOptions.all()).containsExactlyInAnyOrderElementsOf(constants);
    assertThat(CorrelateOptions.all())
        .allSatisfy(option -> assertThat(option.key()).startsWith("quell.correlate."));
  }

  @Test
  void shouldDocumentEveryOptionInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("README.md"));

    for (ConfigOption<?> option : CorrelateOptions.all()) {
      String defaultText = defaultText(option);
      assertThat(readme)
          .as("README row of %s", option.key())
          .contains(
              "| `"
                  + option.key()
                  + "` | "
                  + (defaultText.isEmpty() ? "(empty)" : "`" + defaultText + "`")
                  + " |");
    }
  }

  @Test
  void shouldReadTheDefaultsWhenNothingIsSet() {
    CorrelateOptions options = CorrelateOptions.fromMap(Map.of("bootstrap.servers", "x:9092"));

    assertThat(options.groupId()).isEqualTo("quell-correlate");
    assertThat(options.outOfOrderness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.settings()).isEqualTo(CorrelationSettings.defaults());
    assertThat(options.settings().groupWait()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldReadValuesFromStrings() {
    CorrelateOptions options =
        CorrelateOptions.fromMap(
            Map.of(
                "quell.correlate.group-window.ms", "60000",
                "quell.correlate.group-wait.ms", "0",
                "quell.correlate.max-members", "7",
                "quell.correlate.serviceless-group-labels", " cluster , namespace ,"));

    assertThat(options.settings().groupWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(options.settings().groupWait()).isEqualTo(Duration.ZERO);
    assertThat(options.settings().maxMembers()).isEqualTo(7);
    assertThat(options.settings().servicelessGroupLabels()).containsExactly("cluster", "namespace");
  }

  @Test
  void shouldRejectAnUnknownCorrelateKeyNamingIt() {
    assertThatThrownBy(
            () -> CorrelateOptions.fromMap(Map.of("quell.correlate.group-windw.ms", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quell.correlate.group-windw.ms");
  }

  @Test
  void shouldRejectABadValueNamingTheKey() {
    assertThatThrownBy(() -> CorrelateOptions.fromMap(Map.of("quell.correlate.max-members", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMembers");
    assertThatThrownBy(
            () -> CorrelateOptions.fromMap(Map.of("quell.correlate.resolve-quiet-period.ms", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quell.correlate.resolve-quiet-period.ms");
  }

  private static <T> String defaultText(ConfigOption<T> option) {
    return option.defaultValue() == null ? "" : option.format(option.defaultValue());
  }
}
