/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state file: per shipped file (by absolute path) the {@link FilePosition} Kafka acknowledged.
 * Written as JSON to a temporary file next to it, forced to disk, then moved over it atomically, so
 * that a crash leaves either the old or the new state, never half of one. While a shipper uses it,
 * it holds an exclusive lock on {@code <state file>.lock}, so that two shippers never share one.
 * Positions of files a run does not ship are kept as they were.
 */
final class PositionStore implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, FilePosition> positions = new TreeMap<>();

  private PositionStore(Path file, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (and locks) the state file, creating its directory; an absent file means no positions.
   *
   * @throws IllegalStateException when another shipper holds the lock
   * @throws IOException when the file cannot be read or is not a state file
   */
  static PositionStore open(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(
          "Another file shipper is using the state file "
              + absolute
              + " (locked through "
              + lockFile
              + "); give this one its own with --state");
    }
    PositionStore store = new PositionStore(absolute, channel, lock);
    try {
      store.read();
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private void read() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(
          "The state file "
              + file
              + " cannot be read ("
              + e.getMessage()
              + "). Move it away to start every file from the beginning (lines may then be"
              + " shipped again).",
          e);
    }
    JsonNode files = root == null ? null : root.get("files");
    if (files == null || !files.isObject()) {
      throw new IOException("The state file " + file + " has no 'files' object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode node = entry.getValue();
      JsonNode key = node.get("fileKey");
      positions.put(
          entry.getKey(),
          new FilePosition(
              key == null || key.isNull() ? null : key.asText(),
              node.path("offset").asLong(0),
              node.path("fingerprint").asText(""),
              node.path("fingerprintLength").asInt(0)));
    }
  }

  Path file() {
    return file;
  }

  /** The saved position of the file at {@code path} (absolute), or null. */
  FilePosition get(String path) {
    return positions.get(path);
  }

  /** Whether saving {@code position} for {@code path} would change the state. */
  boolean differs(String path, FilePosition position) {
    return !position.equals(positions.get(path));
  }

  void put(String path, FilePosition position) {
    positions.put(path, position);
  }

  /** Writes the positions: temporary file, fsync, atomic move over the state file. */
  void save() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ObjectNode files = root.putObject("files");
    positions.forEach(
        (path, position) -> {
          ObjectNode node = files.putObject(path);
          node.put("fileKey", position.fileKey());
          node.put("offset", position.offset());
          node.put("fingerprint", position.fingerprint());
          node.put("fingerprintLength", position.fingerprintLength());
        });
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(java.nio.ByteBuffer.wrap(bytes));
      out.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      lockChannel.close();
    }
  }
}
