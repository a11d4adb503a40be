/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a stream of bytes into lines at {@code \n} (a {@code \r} before it is dropped), keeping the
 * byte offset of every line. A line longer than the limit keeps its first {@code maxLineBytes}
 * bytes (cut back to a whole UTF-8 character) followed by a marker saying how many bytes were cut;
 * the rest of it is counted but never held in memory. Malformed UTF-8 becomes U+FFFD.
 */
final class LineSplitter {

  /**
   * One line.
   *
   * @param text the line without its line break; a cut line ends with {@link #cutMarker}
   * @param start byte offset of its first byte
   * @param end byte offset after its line break (or after its last byte at the end of input)
   * @param cutBytes bytes cut off the line, 0 when it is whole
   */
  record Line(String text, long start, long end, int cutBytes) {
    boolean isCut() {
      return cutBytes > 0;
    }
  }

  /** What a cut line ends with. */
  static String cutMarker(long cutBytes) {
    return " …[" + cutBytes + " bytes cut]";
  }

  private final int maxLineBytes;
  private final byte[] line;
  private int length;
  private long cut;
  private long lineStart;
  private long position;

  LineSplitter(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
    this.line = new byte[maxLineBytes + 1];
  }

  /** Feeds bytes that follow those fed so far; every completed line goes to {@code out}. */
  void feed(byte[] data, int offset, int count, Consumer<Line> out) {
    int end = offset + count;
    int from = offset;
    for (int i = offset; i < end; i++) {
      if (data[i] == '\n') {
        append(data, from, i - from);
        long lineEnd = position + (i - offset) + 1;
        out.accept(take(lineEnd, true));
        from = i + 1;
      }
    }
    append(data, from, end - from);
    position += count;
  }

  private void append(byte[] data, int from, int count) {
    if (count <= 0) {
      return;
    }
    // One byte beyond the limit is kept so that a \r right at the limit can still be dropped.
    int room = line.length - length;
    int kept = Math.min(room, count);
    System.arraycopy(data, from, line, length, kept);
    length += kept;
    cut += count - kept;
  }

  /** Whether bytes of an unfinished line are waiting for their line break. */
  boolean hasPartialLine() {
    return length > 0 || cut > 0;
  }

  /** Ends the input: an unfinished last line becomes a line of its own. */
  void finish(Consumer<Line> out) {
    if (hasPartialLine()) {
      out.accept(take(position, false));
    }
  }

  /** Forgets any unfinished line and carries on from {@code offset}. */
  void reset(long offset) {
    length = 0;
    cut = 0;
    lineStart = offset;
    position = offset;
  }

  /** Offset of the first byte not yet part of a completed line. */
  long lineStart() {
    return lineStart;
  }

  /** Offset after the last byte fed. */
  long position() {
    return position;
  }

  private Line take(long lineEnd, boolean hadBreak) {
    int size = length;
    long cutBytes = cut;
    if (cutBytes == 0 && hadBreak && size > 0 && line[size - 1] == '\r') {
      size--;
    }
    if (size > maxLineBytes) {
      cutBytes += size - maxLineBytes;
      size = maxLineBytes;
    }
    if (cutBytes > 0 && size > 0) {
      // Do not keep half a character: drop an incomplete UTF-8 sequence at the cut.
      int lead = size - 1;
      while (lead > 0 && size - lead < 4 && (line[lead] & 0xC0) == 0x80) {
        lead--;
      }
      if ((line[lead] & 0xC0) != 0x80 && lead + sequenceLength(line[lead]) > size) {
        cutBytes += size - lead;
        size = lead;
      }
    }
    String text = new String(line, 0, size, StandardCharsets.UTF_8);
    if (cutBytes > 0) {
      text = text + cutMarker(cutBytes);
    }
    Line result = new Line(text, lineStart, lineEnd, (int) Math.min(Integer.MAX_VALUE, cutBytes));
    length = 0;
    cut = 0;
    lineStart = lineEnd;
    return result;
  }

  private static int sequenceLength(byte lead) {
    int b = lead & 0xFF;
    if (b < 0x80) {
      return 1;
    }
    if (b >= 0xF0) {
      return 4;
    }
    if (b >= 0xE0) {
      return 3;
    }
    if (b >= 0xC0) {
      return 2;
    }
    return 1; // a stray continuation byte: decoded as U+FFFD
  }
}
