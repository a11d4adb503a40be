/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * What a running stack writes into its data directory ({@code stack.json}), so that {@code quell
 * stack status} and {@code quell stack down} work from another terminal.
 *
 * <p>Liveness is decided by the lock on {@code stack.lock}, not by the file: the operating system
 * releases the lock when the owning JVM dies, however it dies, so a stale file never reads as a
 * running stack.
 *
 * @param pid process id of the JVM that runs the stack (the one to signal to stop it)
 * @param childPids process ids of the server processes it started
 */
public record StackState(
    long pid,
    String kind,
    String bootstrapServers,
    String schemaRegistryUrl,
    String elasticsearchUrl,
    String dataDir,
    String startedAt,
    List<Long> childPids) {

  static final String STATE_FILE = "stack.json";
  static final String LOCK_FILE = "stack.lock";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  void write(Path dataDir) throws IOException {
    Path tmp = dataDir.resolve(STATE_FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(
        tmp,
        dataDir.resolve(STATE_FILE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** The state of the stack running on {@code dataDir}, if one is running. */
  public static Optional<StackState> read(Path dataDir) throws IOException {
    Path file = dataDir.resolve(STATE_FILE);
    if (!Files.exists(file) || !isLocked(dataDir)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(file.toFile(), StackState.class));
  }

  /** True while some live process holds the stack lock on {@code dataDir}. */
  public static boolean isLocked(Path dataDir) throws IOException {
    Path lockFile = dataDir.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      // Held by this very JVM.
      return true;
    }
  }

  /** Takes the stack lock on {@code dataDir}, or fails naming the process that holds it. */
  static FileLock lock(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    FileChannel channel =
        FileChannel.open(
            dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      String holder =
          read(dataDir).map(s -> " by process " + s.pid()).orElse(" by another process");
      throw new IOException(
          "a stack is already running on "
              + dataDir.toAbsolutePath()
              + holder
              + " (stop it with `quell stack down`)");
    }
    return lock;
  }

  static void delete(Path dataDir) {
    try {
      Files.deleteIfExists(dataDir.resolve(STATE_FILE));
    } catch (IOException e) {
      // The lock, not the file, says whether a stack runs.
    }
  }
}
