/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where shipping of one file stands: which file (its identity and a fingerprint of its first bytes)
 * and the offset up to which every line was acknowledged by Kafka.
 *
 * @param fileKey the file system's identity of the file ({@code fileKey()}, device and inode on
 *     Linux), or null where the file system has none
 * @param offset bytes of the file shipped (or skipped on purpose)
 * @param fingerprint SHA-256 of the first {@code fingerprintLength} bytes, hex, shortened
 * @param fingerprintLength how many bytes the fingerprint covers (at most {@link
 *     #FINGERPRINT_BYTES})
 */
public record FilePosition(String fileKey, long offset, String fingerprint, int fingerprintLength) {

  /** Bytes at the start of a file that its fingerprint covers, once the file is that long. */
  public static final int FINGERPRINT_BYTES = 1024;

  /** The fingerprint of the first {@code length} bytes of {@code channel}. */
  static String fingerprint(FileChannel channel, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        break;
      }
    }
    if (buffer.hasRemaining()) {
      return null; // the file is shorter than that now
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(buffer.array(), 0, length);
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Whether the file open on {@code channel} starts with the bytes this position was taken of. */
  boolean fingerprintMatches(FileChannel channel) throws IOException {
    if (fingerprintLength == 0) {
      return true;
    }
    if (channel.size() < fingerprintLength) {
      return false;
    }
    return fingerprint.equals(fingerprint(channel, fingerprintLength));
  }
}
