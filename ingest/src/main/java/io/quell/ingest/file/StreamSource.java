/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import io.quell.ingest.file.MultilineJoiner.Event;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads a stream (stdin) to its end. A daemon thread does the blocking reads and hands chunks over
 * through a small queue, so that the shipper can still flush an idle multi-line event and stop.
 * There is no position: a stream cannot be read again.
 */
final class StreamSource implements LogSource {

  private static final byte[] END = new byte[0];

  private final String name;
  private final Clock clock;
  private final LineSplitter splitter;
  private final MultilineJoiner joiner;
  private final ShipperStats stats;
  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(16);
  private final Thread reader;
  private volatile IOException failure;
  private boolean finished;

  StreamSource(
      String name,
      InputStream in,
      FileShipperSettings settings,
      ShipperStats stats,
      Clock clock,
      Runnable wakeUp) {
    this.name = name;
    this.clock = clock;
    this.stats = stats;
    this.splitter = new LineSplitter(settings.maxLineBytes());
    this.joiner = new MultilineJoiner(settings, stats);
    this.reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try {
                int count;
                while ((count = in.read(buffer)) >= 0) {
                  if (count > 0) {
                    chunks.put(Arrays.copyOf(buffer, count));
                    wakeUp.run();
                  }
                }
              } catch (IOException e) {
                failure = e;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              try {
                chunks.put(END);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              wakeUp.run();
            },
            "quell-file-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean poll(Consumer<Event> out, BooleanSupplier full) throws IOException {
    if (finished) {
      return false;
    }
    boolean any = false;
    byte[] chunk;
    while (!full.getAsBoolean() && (chunk = chunks.poll()) != null) {
      any = true;
      if (chunk == END) {
        if (failure != null) {
          throw new IOException("reading " + name + " failed: " + failure.getMessage(), failure);
        }
        long now = clock.millis();
        splitter.finish(line -> joiner.accept(line, now, out));
        joiner.flush(out);
        finished = true;
        return true;
      }
      stats.bytesRead.addAndGet(chunk.length);
      long now = clock.millis();
      splitter.feed(chunk, 0, chunk.length, line -> joiner.accept(line, now, out));
    }
    if (!any) {
      long before = joiner.pendingStart();
      joiner.flushIfIdle(clock.millis(), out);
      return before >= 0 && joiner.pendingStart() < 0;
    }
    return true;
  }

  @Override
  public boolean finished() {
    return finished;
  }

  @Override
  public String stateKey() {
    return null;
  }

  @Override
  public FilePosition position() {
    return null;
  }

  @Override
  public void close() {
    reader.interrupt();
  }
}
