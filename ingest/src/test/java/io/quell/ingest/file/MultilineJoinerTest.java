/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.ingest.Utf8;
import io.quell.ingest.file.LineSplitter.Line;
import io.quell.ingest.file.MultilineJoiner.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultilineJoinerTest {

  private final List<Event> events = new ArrayList<>();
  private final ShipperStats stats = new ShipperStats();
  private long offset;

  private static FileShipperSettings settings(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(FileShipperOptions.SERVICE.key(), "svc");
    config.put(FileShipperOptions.STATE_FILE.key(), "/tmp/unused.json");
    return FileShipperSettings.fromConfig(config, false);
  }

  private void lines(MultilineJoiner joiner, long now, String... texts) {
    for (String text : texts) {
      long length = text.length() + 1;
      joiner.accept(new Line(text, offset, offset + length, 0), now, events::add);
      offset += length;
    }
  }

  private List<String> texts() {
    return events.stream().map(Event::text).toList();
  }

  @Test
  void shouldJoinAStackTraceToTheLineBeforeIt() {
    MultilineJoiner joiner = new MultilineJoiner(settings(Map.of()), stats);
    lines(
        joiner,
        0,
        "2026-03-01 08:00:00 ERROR request failed",
        "java.lang.IllegalStateException: boom",
        "\tat io.quell.Foo.bar(Foo.java:12)",
        "\tat io.quell.Foo.main(Foo.java:5)",
        "Caused by: java.io.IOException: disk",
        "\t... 2 more",
        "2026-03-01 08:00:01 INFO next");
    joiner.flush(events::add);

    assertThat(texts())
        .containsExactly(
            "2026-03-01 08:00:00 ERROR request failed\n"
                + "java.lang.IllegalStateException: boom\n"
                + "\tat io.quell.Foo.bar(Foo.java:12)\n"
                + "\tat io.quell.Foo.main(Foo.java:5)\n"
                + "Caused by: java.io.IOException: disk\n"
                + "\t... 2 more",
            "2026-03-01 08:00:01 INFO next");
    assertThat(events.get(0).lines()).isEqualTo(6);
    assertThat(events.get(0).start()).isZero();
    assertThat(events.get(1).start()).isEqualTo(events.get(0).end());
  }

  @Test
  void shouldNotJoinALineThatMerelyMentionsAnError() {
    MultilineJoiner joiner = new MultilineJoiner(settings(Map.of()), stats);
    lines(joiner, 0, "one", "Error: not a stack trace", "Exception in thread \"main\" x.Y");
    joiner.flush(events::add);

    assertThat(events).hasSize(3);
  }

  @Test
  void shouldStartEventsOnlyAtMatchingLinesInStartMode() {
    MultilineJoiner joiner =
        new MultilineJoiner(
            settings(Map.of(FileShipperOptions.MULTILINE_MODE.key(), "start")), stats);
    lines(
        joiner,
        0,
        "2026-03-01 08:00:00 ERROR request failed",
        "java.lang.IllegalStateException: boom",
        "\tat io.quell.Foo.bar(Foo.java:12)",
        "",
        "2026-03-01 08:00:01 INFO next");
    joiner.flush(events::add);

    assertThat(texts())
        .containsExactly(
            "2026-03-01 08:00:00 ERROR request failed\n"
                + "java.lang.IllegalStateException: boom\n"
                + "\tat io.quell.Foo.bar(Foo.java:12)",
            "2026-03-01 08:00:01 INFO next");
    assertThat(events.get(0).lines()).isEqualTo(3);
  }

  @Test
  void shouldMakeEveryLineAnEventWithoutMultiline() {
    MultilineJoiner joiner =
        new MultilineJoiner(
            settings(Map.of(FileShipperOptions.MULTILINE_MODE.key(), "none")), stats);
    lines(joiner, 0, "one", "  two");

    assertThat(texts()).containsExactly("one", "  two");
    assertThat(joiner.pendingStart()).isEqualTo(-1);
  }

  @Test
  void shouldSkipBlankLinesBetweenEvents() {
    MultilineJoiner joiner = new MultilineJoiner(settings(Map.of()), stats);
    lines(joiner, 0, "one", "", "   ", "two");
    joiner.flush(events::add);

    assertThat(texts()).containsExactly("one", "two");
    assertThat(stats.blankLines.get()).isEqualTo(2);
  }

  @Test
  void shouldShipAPendingEventOnlyAfterTheFlushTimeout() {
    MultilineJoiner joiner =
        new MultilineJoiner(
            settings(Map.of(FileShipperOptions.FLUSH_TIMEOUT.key(), "1000")), stats);
    lines(joiner, 5_000, "Exception in thread main", "\tat Foo.bar");

    joiner.flushIfIdle(5_999, events::add);
    assertThat(events).isEmpty();
    assertThat(joiner.pendingStart()).isZero();
    joiner.flushIfIdle(6_000, events::add);
    assertThat(texts()).containsExactly("Exception in thread main\n\tat Foo.bar");
    assertThat(joiner.pendingStart()).isEqualTo(-1);
  }

  @Test
  void shouldDropLinesBeyondTheEventLimitAndSaySo() {
    MultilineJoiner joiner =
        new MultilineJoiner(settings(Map.of(FileShipperOptions.MAX_EVENT_LINES.key(), "3")), stats);
    lines(joiner, 0, "head", "\tat a", "\tat b", "\tat c", "\tat d", "next");

    assertThat(events).hasSize(1);
    Event event = events.get(0);
    assertThat(event.text())
        .startsWith("head\n\tat a\n\tat b\n… 2 more lines dropped (event longer than 3 lines");
    assertThat(event.lines()).isEqualTo(3);
    assertThat(event.droppedLines()).isEqualTo(2);
    assertThat(event.end()).isEqualTo(joiner.pendingStart());
    assertThat(stats.droppedLines.get()).isEqualTo(2);
  }

  @Test
  void shouldDropLinesBeyondTheByteLimit() {
    MultilineJoiner joiner =
        new MultilineJoiner(
            settings(
                Map.of(
                    FileShipperOptions.MAX_LINE_BYTES.key(), "256",
                    FileShipperOptions.MAX_EVENT_BYTES.key(), "600")),
            stats);
    String indented = " " + "y".repeat(200);
    lines(joiner, 0, "head", indented, indented, indented);
    joiner.flush(events::add);

    assertThat(events.get(0).lines()).isEqualTo(3);
    assertThat(events.get(0).droppedLines()).isEqualTo(1);
    assertThat(Utf8.length(events.get(0).text())).isLessThanOrEqualTo(600);
  }
}
