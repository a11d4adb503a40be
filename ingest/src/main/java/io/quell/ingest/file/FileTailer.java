/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import io.quell.ingest.file.MultilineJoiner.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one path, following it when asked: as it grows, across rename-and-create rotation (the old
 * file is read to its end, and must stay quiet for one poll, before the new file at the path is
 * read from its start) and across truncation (copytruncate: the file shrank, or its first bytes
 * changed, so it is read again from its start).
 *
 * <p>A file is recognised by its identity ({@code fileKey()}: device and inode on Linux) and a
 * fingerprint of its first bytes (up to {@link FilePosition#FINGERPRINT_BYTES}). On start, a saved
 * position is used when the file at the path is the same file; when the path holds another file
 * (rotated while the shipper was stopped), the old file is looked for in the same directory among
 * the names that start with the file's name ({@code app.log.1}, {@code app.log-20260301}) and read
 * from the saved offset to its end first.
 */
final class FileTailer implements LogSource {

  private static final Logger LOG = LoggerFactory.getLogger(FileTailer.class);
  private static final int CHUNK = 64 * 1024;

  private final Path path;
  private final FileShipperSettings settings;
  private final ShipperStats stats;
  private final Clock clock;
  private final FilePosition saved;
  private final LineSplitter splitter;
  private final MultilineJoiner joiner;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);

  private FileChannel channel;
  private Path openedPath;
  private Object fileKey;
  private String fingerprint = "";
  private int fingerprintLength;

  /** The open file is an older generation of the path (renamed away); switch once it is read. */
  private boolean predecessor;

  /** A different file was seen at the path at the last poll; switch when the open one is quiet. */
  private boolean rotationSeen;

  private boolean waitingLogged;

  /** The saved position has been used (or found not to apply); later opens start at 0. */
  private boolean opened;

  private boolean finished;

  FileTailer(
      Path path,
      FileShipperSettings settings,
      FilePosition saved,
      ShipperStats stats,
      Clock clock) {
    this.path = path.toAbsolutePath().normalize();
    this.settings = settings;
    this.saved = saved;
    this.stats = stats;
    this.clock = clock;
    this.splitter = new LineSplitter(settings.maxLineBytes());
    this.joiner = new MultilineJoiner(settings, stats);
  }

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public String stateKey() {
    return path.toString();
  }

  @Override
  public boolean finished() {
    return finished;
  }

  @Override
  public boolean poll(Consumer<Event> out, BooleanSupplier full) throws IOException {
    if (finished) {
      return false;
    }
    if (channel == null && !(opened ? open(path, 0) : openAtStart())) {
      return false;
    }
    // Before reading: a file truncated and written again between two polls must not be read on
    // from the old offset.
    if (settings.follow() && checkTruncation(out)) {
      return true;
    }
    if (read(out, full)) {
      return true;
    }
    if (full.getAsBoolean()) {
      return false;
    }
    // At the end of the open file.
    if (!settings.follow()) {
      if (predecessor) {
        switchToPath(out, "a rotated generation of it was read to its end");
        return true;
      }
      endOfInput(out);
      finished = true;
      LOG.info("{}: read to its end at offset {}", path, splitter.position());
      return true;
    }
    return checkRotation(out) || flushIfIdle(out);
  }

  private boolean flushIfIdle(Consumer<Event> out) {
    long before = joiner.pendingStart();
    joiner.flushIfIdle(clock.millis(), out);
    return before >= 0 && joiner.pendingStart() < 0;
  }

  /** Reads the open file from the current offset until its end or a full batch. */
  private boolean read(Consumer<Event> out, BooleanSupplier full) throws IOException {
    boolean any = false;
    while (!full.getAsBoolean()) {
      buffer.clear();
      int count = channel.read(buffer, splitter.position());
      if (count <= 0) {
        break;
      }
      any = true;
      rotationSeen = false;
      stats.bytesRead.addAndGet(count);
      long now = clock.millis();
      splitter.feed(buffer.array(), 0, count, line -> joiner.accept(line, now, out));
      refreshFingerprint();
    }
    return any;
  }

  private void refreshFingerprint() throws IOException {
    long position = splitter.position();
    if (fingerprintLength < FilePosition.FINGERPRINT_BYTES && position > fingerprintLength) {
      int length = (int) Math.min(position, FilePosition.FINGERPRINT_BYTES);
      String fresh = FilePosition.fingerprint(channel, length);
      if (fresh != null) {
        fingerprint = fresh;
        fingerprintLength = length;
      }
    }
  }

  /** The end of what there is to read: an unfinished last line and a pending event are shipped. */
  private void endOfInput(Consumer<Event> out) {
    long now = clock.millis();
    splitter.finish(line -> joiner.accept(line, now, out));
    joiner.flush(out);
  }

  /** Follow mode at the end of the open file: is another file at the path now (rotation)? */
  private boolean checkRotation(Consumer<Event> out) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      // Renamed away and not created again yet: keep reading the old file as it may still grow.
      return false;
    }
    boolean otherFile = predecessor || !sameFile(attributes);
    if (otherFile) {
      if (!rotationSeen) {
        // The writer may still be finishing the old file: give it one poll of quiet first.
        rotationSeen = true;
        return false;
      }
      stats.rotations.incrementAndGet();
      switchToPath(out, "rotated (a new file is at the path)");
      return true;
    }
    return false;
  }

  /** Follow mode: has the open file shrunk below the offset, or have its first bytes changed? */
  private boolean checkTruncation(Consumer<Event> out) throws IOException {
    long size = channel.size();
    FilePosition current = new FilePosition(null, 0, fingerprint, fingerprintLength);
    if (size >= splitter.position() && current.fingerprintMatches(channel)) {
      return false;
    }
    stats.truncations.incrementAndGet();
    LOG.info(
        "{}: truncated (size {} below offset {}, or its first bytes changed); reading it again"
            + " from the start",
        path,
        size,
        splitter.position());
    endOfInput(out);
    splitter.reset(0);
    fingerprint = "";
    fingerprintLength = 0;
    return true;
  }

  private boolean sameFile(BasicFileAttributes attributes) throws IOException {
    Object key = attributes.fileKey();
    if (key != null && fileKey != null) {
      return key.equals(fileKey);
    }
    // No identity from this file system: compare the first bytes.
    try (FileChannel other = FileChannel.open(path, StandardOpenOption.READ)) {
      return new FilePosition(null, 0, fingerprint, fingerprintLength).fingerprintMatches(other);
    }
  }

  private void switchToPath(Consumer<Event> out, String why) throws IOException {
    endOfInput(out);
    LOG.info(
        "{}: {}; the old file was read to offset {}, now reading the new one from its start",
        path,
        why,
        splitter.position());
    closeChannel();
    predecessor = false;
    rotationSeen = false;
    if (!open(path, 0)) {
      LOG.info("{}: waiting for the file to appear", path);
    }
  }

  /** Opens the path at the start of the run, at the saved position when it still applies. */
  private boolean openAtStart() throws IOException {
    if (!Files.exists(path)) {
      if (!settings.follow()) {
        throw new NoSuchFileException(path.toString(), null, "no such file");
      }
      if (!waitingLogged) {
        LOG.info("{}: does not exist yet; waiting for it", path);
        waitingLogged = true;
      }
      return false;
    }
    opened = true;
    if (saved == null) {
      long start = settings.startAtEnd() ? Files.size(path) : 0;
      if (!open(path, start)) {
        return false;
      }
      LOG.info("{}: no saved position, starting at offset {}", path, start);
      return true;
    }
    if (!open(path, 0)) {
      return false;
    }
    boolean keysDiffer =
        fileKey != null && saved.fileKey() != null && !fileKey.toString().equals(saved.fileKey());
    if (!keysDiffer && channel.size() >= saved.offset() && saved.fingerprintMatches(channel)) {
      startAt(saved.offset());
      LOG.info("{}: resuming at the saved offset {}", path, saved.offset());
      return true;
    }
    if (keysDiffer) {
      Path old = findPredecessor();
      if (old != null) {
        closeChannel();
        open(old, saved.offset());
        predecessor = true;
        LOG.info(
            "{}: rotated while stopped; reading the old file {} from the saved offset {} first",
            path,
            old,
            saved.offset());
        return true;
      }
      LOG.warn(
          "{}: rotated while stopped and the old file (identity {}) is no longer next to it;"
              + " lines written to it after offset {} are not shipped. Starting the new file from"
              + " its beginning.",
          path,
          saved.fileKey(),
          saved.offset());
    } else {
      LOG.warn(
          "{}: shorter than the saved offset {} or its first bytes changed (truncated or"
              + " replaced while stopped); reading it from the beginning",
          path,
          saved.offset());
    }
    return true;
  }

  private void startAt(long offset) throws IOException {
    splitter.reset(offset);
    fingerprint = "";
    fingerprintLength = 0;
    refreshFingerprint();
  }

  private Path findPredecessor() throws IOException {
    Path directory = path.getParent();
    String name = path.getFileName().toString();
    List<Path> candidates;
    try (Stream<Path> files = Files.list(directory)) {
      candidates =
          files
              .filter(p -> p.getFileName().toString().startsWith(name) && !p.equals(path))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    }
    for (Path candidate : candidates) {
      BasicFileAttributes attributes = Files.readAttributes(candidate, BasicFileAttributes.class);
      if (attributes.fileKey() == null
          || !Objects.equals(attributes.fileKey().toString(), saved.fileKey())) {
        continue;
      }
      try (FileChannel other = FileChannel.open(candidate, StandardOpenOption.READ)) {
        if (other.size() >= saved.offset() && saved.fingerprintMatches(other)) {
          return candidate;
        }
      }
    }
    return null;
  }

  private boolean open(Path file, long offset) throws IOException {
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return false;
    }
    openedPath = file;
    fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    startAt(offset);
    return true;
  }

  @Override
  public FilePosition position() throws IOException {
    if (channel == null) {
      return null;
    }
    long pending = joiner.pendingStart();
    long offset = pending >= 0 ? pending : splitter.lineStart();
    return new FilePosition(
        fileKey == null ? null : fileKey.toString(), offset, fingerprint, fingerprintLength);
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("{}: closing {} failed", path, openedPath, e);
      }
      channel = null;
    }
  }

  @Override
  public void close() {
    closeChannel();
  }
}
