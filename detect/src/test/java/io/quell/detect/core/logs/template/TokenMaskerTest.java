/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenMaskerTest {
  private final TokenMasker masker = new TokenMasker(128, 256);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "42|<*>",
        "-127633188)|<*>)",
        "3.5s|<*>",
        "12ms|<*>",
        "10.251.73.220:50010|<*>",
        "/10.10.34.11:45307|<*>",
        "proxy.cse.cuhk.edu.hk:5070|<*>",
        "0x7f3a9c|<*>",
        "3fa85f64-5717-4562-b3fc-2c963f66afa6|<*>",
        "2005-06-03-15.42.50.675872|<*>",
        "18:01:47,978|<*>",
        "blk_-6952295868487656571|<*>",
        "attempt_1445144423722_0020_m_000008_0|<*>",
        "uid=0|uid=<*>",
        "(uid=0)|(uid=<*>)",
        "logname=|logname=",
        "user=root|user=root",
        "onExtend:1514038530000|onExtend:<*>",
        "1514038440000##7007##548659|<*>",
        "'/udev/vcs1'|'<*>'",
        "hdfs://msra-sa-41:9000/pageinput2.txt|<*>",
        "/usr/lib/jvm|<*>",
        "[<*>|[<*>",
        "dfadbefd|<*>",
        "client=dfadbefd,|client=<*>,",
        "facade|facade",
        "defaced|defaced",
        "succeeded|succeeded",
        "tree/torus|tree/torus",
        "android.intent.action.SCREEN_ON|android.intent.action.SCREEN_ON",
      })
  void masksTheVariablePartsOfAToken(String token, String masked) {
    assertThat(masker.maskToken(token)).isEqualTo(masked);
  }

  @Test
  void keepsConstantWordsAsTheSameInstance() {
    String word = "terminating";

    assertThat(masker.maskToken(word)).isSameAs(word);
  }

  @Test
  void masksMonthAndWeekdayNamesOnlyBesideMaskedTokens() {
    TokenMasker.Masked date = masker.mask("connection from 1.2.3.4 () at Sun Jul 17 08:06:12 2005");
    TokenMasker.Masked word = masker.mask("May I come in");

    assertThat(date.tokens())
        .containsExactly(
            "connection", "from", "<*>", "()", "at", "<*>", "<*>", "<*>", "<*>", "<*>");
    assertThat(word.tokens()).containsExactly("May", "I", "come", "in");
  }

  @Test
  void splitsAtAnyWhiteSpaceAndKeepsTheOriginals() {
    TokenMasker.Masked masked = masker.mask("  Failed to renew lease for 98 seconds.\tWill retry ");

    assertThat(masked.originals())
        .containsExactly(
            "Failed", "to", "renew", "lease", "for", "98", "seconds.", "Will", "retry");
    assertThat(masked.tokens()[5]).isEqualTo("<*>");
    assertThat(masker.mask("   ").length()).isZero();
  }

  @Test
  void boundsTokensPerMessageAndTokenLength() {
    TokenMasker small = new TokenMasker(3, 10);

    TokenMasker.Masked masked = small.mask("a b c d e");

    assertThat(masked.originals()).containsExactly("a", "b", "c d e");
    assertThat(small.maskToken("abcdefghijk")).isEqualTo("<*>");
  }
}
