/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.ingest.file.LineSplitter.Line;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  private final List<Line> lines = new ArrayList<>();

  private void feed(LineSplitter splitter, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    splitter.feed(bytes, 0, bytes.length, lines::add);
  }

  @Test
  void shouldSplitAtLineBreaksKeepingTheByteOffsetsOfEveryLine() {
    LineSplitter splitter = new LineSplitter(1024);
    feed(splitter, "first\r\nsecond\nthi");
    feed(splitter, "rd\n");

    assertThat(lines)
        .containsExactly(
            new Line("first", 0, 7, 0), new Line("second", 7, 14, 0), new Line("third", 14, 20, 0));
    assertThat(splitter.lineStart()).isEqualTo(20);
  }

  @Test
  void shouldHoldAnUnfinishedLineUntilItsBreakOrTheEndOfInput() {
    LineSplitter splitter = new LineSplitter(1024);
    feed(splitter, "one\ntw");

    assertThat(lines).extracting(Line::text).containsExactly("one");
    assertThat(splitter.hasPartialLine()).isTrue();
    assertThat(splitter.lineStart()).isEqualTo(4);
    splitter.finish(lines::add);
    assertThat(lines).last().isEqualTo(new Line("tw", 4, 6, 0));
  }

  @Test
  void shouldCutALongLineAndSayHowManyBytesWereCut() {
    LineSplitter splitter = new LineSplitter(256);
    String longLine = "x".repeat(1000);
    feed(splitter, longLine.substring(0, 300));
    feed(splitter, longLine.substring(300) + "\nnext\n");

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).text()).isEqualTo("x".repeat(256) + LineSplitter.cutMarker(744));
    assertThat(lines.get(0).cutBytes()).isEqualTo(744);
    assertThat(lines.get(0).end()).isEqualTo(1001);
    assertThat(lines.get(1)).isEqualTo(new Line("next", 1001, 1006, 0));
  }

  @Test
  void shouldNotCutACharacterInHalf() {
    LineSplitter splitter = new LineSplitter(256);
    // 255 ASCII bytes and a 3-byte euro sign across the limit.
    feed(splitter, "a".repeat(255) + "€€\n");

    assertThat(lines.get(0).text()).isEqualTo("a".repeat(255) + LineSplitter.cutMarker(6));
  }

  @Test
  void shouldKeepALineOfExactlyTheLimitWholeEvenWithACarriageReturn() {
    LineSplitter splitter = new LineSplitter(256);
    feed(splitter, "b".repeat(256) + "\r\n");

    assertThat(lines.get(0)).isEqualTo(new Line("b".repeat(256), 0, 258, 0));
  }

  @Test
  void shouldCarryOnFromAnOffsetAfterAReset() {
    LineSplitter splitter = new LineSplitter(1024);
    feed(splitter, "half");
    splitter.reset(100);
    feed(splitter, "line\n");

    assertThat(lines).containsExactly(new Line("line", 100, 105, 0));
  }
}
