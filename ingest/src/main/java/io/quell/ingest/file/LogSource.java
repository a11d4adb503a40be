/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import io.quell.ingest.file.MultilineJoiner.Event;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Where lines come from: a file ({@link FileTailer}) or a stream such as stdin. */
interface LogSource extends AutoCloseable {

  /** What the events' {@code file} attribute says: the absolute path, or {@code -} for stdin. */
  String name();

  /**
   * Reads what is there, passing completed events to {@code out}, until nothing is left or {@code
   * full} says the batch is full.
   *
   * @return whether anything happened (bytes read, an event flushed, a file switched), so that the
   *     caller polls again at once instead of waiting
   */
  boolean poll(Consumer<Event> out, BooleanSupplier full) throws IOException;

  /** Whether the source has nothing more to give (end of input without follow). */
  boolean finished();

  /** Key of the source's position in the state file, or null when it has none (stdin). */
  String stateKey();

  /**
   * The position up to which every event has been passed to {@code out}: no line before it is
   * pending. Null when there is nothing to save (no file open yet, or a stream).
   */
  FilePosition position() throws IOException;

  @Override
  void close();
}
