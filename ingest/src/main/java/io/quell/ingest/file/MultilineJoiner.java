/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import io.quell.ingest.Utf8;
import io.quell.ingest.file.FileShipperSettings.Multiline;
import io.quell.ingest.file.LineSplitter.Line;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Groups lines into events. In {@link Multiline#CONTINUATION} mode a line matching the continuation
 * pattern (at its start) joins the event before it; in {@link Multiline#START} mode a line joins
 * the event before it unless it matches the start pattern; in {@link Multiline#NONE} mode every
 * line is an event. The last event stays pending until a line shows that it is complete, until
 * {@link #flush}, or until it has waited the flush timeout ({@link #flushIfIdle}).
 *
 * <p>Blank lines never start an event: they are skipped, except inside an event in start mode,
 * where they belong to it (trailing blank lines are trimmed off its text). An event holds at most
 * {@code maxLines} lines and about {@code maxBytes} bytes; further lines of it are dropped,
 * counted, and noted at its end.
 */
final class MultilineJoiner {

  /**
   * One event.
   *
   * @param text its lines joined with {@code \n}
   * @param start offset of its first byte
   * @param end offset after the last line that belongs to it (dropped lines included)
   * @param lines lines kept in it
   * @param droppedLines lines left out because of the limits
   * @param cut whether one of its lines was cut
   * @param readAtMillis wall-clock time its first line was read
   */
  record Event(
      String text,
      long start,
      long end,
      int lines,
      int droppedLines,
      boolean cut,
      long readAtMillis) {}

  /** Bytes kept free in an event for the note on dropped lines. */
  private static final int NOTE_ROOM = 64;

  private final Multiline mode;
  private final Pattern continuation;
  private final Pattern start;
  private final int maxLines;
  private final int maxBytes;
  private final long flushTimeoutMillis;
  private final ShipperStats stats;

  private StringBuilder text;
  private long eventStart = -1;
  private long eventEnd;
  private int lines;
  private int bytes;
  private int dropped;
  private boolean cut;
  private long readAt;
  private long lastLineAt;
  private int trailingBlankChars;
  private int trailingBlankLines;

  MultilineJoiner(FileShipperSettings settings, ShipperStats stats) {
    this.mode = settings.multiline();
    this.continuation = settings.continuationPattern();
    this.start = settings.startPattern();
    this.maxLines = settings.maxEventLines();
    this.maxBytes = settings.maxEventBytes();
    this.flushTimeoutMillis = settings.flushTimeout().toMillis();
    this.stats = stats;
  }

  /** Takes the next line, read at {@code nowMillis}; completed events go to {@code out}. */
  void accept(Line line, long nowMillis, Consumer<Event> out) {
    stats.linesRead.incrementAndGet();
    if (line.isCut()) {
      stats.cutLines.incrementAndGet();
    }
    boolean blank = line.text().isBlank();
    boolean pending = eventStart >= 0;
    if (blank) {
      if (pending && mode == Multiline.START) {
        join(line, nowMillis, true);
      } else {
        stats.blankLines.incrementAndGet();
      }
      return;
    }
    boolean joins =
        pending
            && switch (mode) {
              case CONTINUATION -> continuation.matcher(line.text()).lookingAt();
              case START -> !start.matcher(line.text()).lookingAt();
              case NONE -> false;
            };
    if (joins) {
      join(line, nowMillis, false);
      return;
    }
    flush(out);
    text = new StringBuilder(line.text());
    eventStart = line.start();
    eventEnd = line.end();
    lines = 1;
    bytes = Utf8.length(line.text());
    dropped = 0;
    cut = line.isCut();
    readAt = nowMillis;
    lastLineAt = nowMillis;
    trailingBlankChars = 0;
    trailingBlankLines = 0;
    if (mode == Multiline.NONE) {
      flush(out);
    }
  }

  private void join(Line line, long nowMillis, boolean blank) {
    lastLineAt = nowMillis;
    eventEnd = line.end();
    int lineBytes = Utf8.length(line.text());
    if (lines >= maxLines || bytes + 1 + lineBytes > maxBytes - NOTE_ROOM) {
      dropped++;
      stats.droppedLines.incrementAndGet();
      return;
    }
    text.append('\n').append(line.text());
    lines++;
    bytes += 1 + lineBytes;
    cut |= line.isCut();
    if (blank) {
      trailingBlankChars += 1 + line.text().length();
      trailingBlankLines++;
    } else {
      trailingBlankChars = 0;
      trailingBlankLines = 0;
    }
  }

  /** Ships the pending event, if any. */
  void flush(Consumer<Event> out) {
    if (eventStart < 0) {
      return;
    }
    // Blank lines at the end of an event (start mode) separate it from the next: not its text.
    text.setLength(text.length() - trailingBlankChars);
    int keptLines = lines - trailingBlankLines;
    if (dropped > 0) {
      text.append("\n… ").append(dropped).append(dropped == 1 ? " more line" : " more lines");
      text.append(" dropped (event longer than ").append(maxLines).append(" lines or ");
      text.append(maxBytes).append(" bytes)");
    }
    Event event = new Event(text.toString(), eventStart, eventEnd, keptLines, dropped, cut, readAt);
    eventStart = -1;
    text = null;
    out.accept(event);
  }

  /** Ships the pending event when no line came for it during the flush timeout. */
  void flushIfIdle(long nowMillis, Consumer<Event> out) {
    if (eventStart >= 0 && nowMillis - lastLineAt >= flushTimeoutMillis) {
      flush(out);
    }
  }

  /** Offset of the first byte of the pending event, or -1 when none is pending. */
  long pendingStart() {
    return eventStart;
  }
}
