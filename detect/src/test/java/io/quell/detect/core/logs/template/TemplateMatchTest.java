/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateMatchTest {

  private static List<String> values(String pattern, String token) {
    List<String> values = new ArrayList<>();
    TemplateMatch.extract(pattern, token, values);
    return values;
  }

  @Test
  void extractsTheTextEachWildcardStandsFor() {
    assertThat(values("uid=<*>", "uid=0")).containsExactly("0");
    assertThat(values("(<*>)", "(1.2.3.4)")).containsExactly("1.2.3.4");
    assertThat(values("<*>", "10.0.0.1:80")).containsExactly("10.0.0.1:80");
    assertThat(values("[<*>/<*>]", "[8086/7110]")).containsExactly("8086", "7110");
    assertThat(values("constant", "constant")).isEmpty();
  }

  @Test
  void aTokenThatDoesNotFollowItsPatternIsOneValue() {
    assertThat(values("rhost=<*>", "host")).containsExactly("host");
  }
}
