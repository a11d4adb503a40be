/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: one magic byte 0, the schema id as a 4-byte big-endian signed int,
 * then the Avro binary encoding of the record with that schema. Every Quell value on Kafka (and
 * every tool that speaks Confluent's format) uses it.
 */
public final class WireFormat {

  /** The only magic byte this format version knows. */
  public static final byte MAGIC_BYTE = 0;

  /** Magic byte plus schema id. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** A payload with its header read: the schema id and where the Avro body lies. */
  public record Framed(int schemaId, byte[] payload, int bodyOffset, int bodyLength) {}

  /** Writes the header for {@code schemaId} into the first five bytes of {@code target}. */
  public static void writeHeader(byte[] target, int schemaId) {
    ByteBuffer.wrap(target, 0, HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId);
  }

  /** {@code body} (Avro binary) framed with the header for {@code schemaId}. */
  public static byte[] frame(int schemaId, byte[] body) {
    byte[] payload = new byte[HEADER_SIZE + body.length];
    writeHeader(payload, schemaId);
    System.arraycopy(body, 0, payload, HEADER_SIZE, body.length);
    return payload;
  }

  /**
   * Reads the header of {@code payload}.
   *
   * @param topic where the payload came from, for the error message
   * @throws MalformedRecordException when the payload is shorter than the header, does not start
   *     with the magic byte or carries a negative schema id
   */
  public static Framed parse(String topic, byte[] payload) {
    if (payload.length < HEADER_SIZE) {
      throw new MalformedRecordException(
          topic,
          null,
          "payload has "
              + payload.length
              + " bytes, fewer than the "
              + HEADER_SIZE
              + "-byte wire-format header");
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new MalformedRecordException(
          topic,
          null,
          String.format(
              "unknown magic byte 0x%02x, expected 0x00 (Confluent wire format)", payload[0]));
    }
    int schemaId = ByteBuffer.wrap(payload, 1, 4).getInt();
    if (schemaId < 0) {
      // Registries hand out positive ids only; asking one for a negative id gets a 400 at best.
      throw new MalformedRecordException(topic, schemaId, "negative schema id in the header");
    }
    return new Framed(schemaId, payload, HEADER_SIZE, payload.length - HEADER_SIZE);
  }
}
