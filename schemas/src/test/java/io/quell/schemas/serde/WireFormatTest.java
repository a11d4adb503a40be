/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void shouldFrameBodyWithMagicByteAndBigEndianSchemaId() {
    byte[] framed = WireFormat.frame(0x01020304, new byte[] {42, 43});

    assertThat(framed).containsExactly(0, 1, 2, 3, 4, 42, 43);
  }

  @Test
  void shouldReadBackSchemaIdAndBodyBounds() {
    byte[] framed = WireFormat.frame(70_000, new byte[] {9, 8, 7});

    WireFormat.Framed parsed = WireFormat.parse("quell.alerts", framed);

    assertThat(parsed.schemaId()).isEqualTo(70_000);
    assertThat(parsed.bodyOffset()).isEqualTo(5);
    assertThat(parsed.bodyLength()).isEqualTo(3);
  }

  @Test
  void shouldAcceptHeaderWithEmptyBody() {
    // A record without fields encodes to no bytes at all.
    assertThat(WireFormat.parse("t", WireFormat.frame(7, new byte[0])).bodyLength()).isZero();
  }

  @Test
  void shouldRejectPayloadWithUnknownMagicByte() {
    byte[] payload = {1, 0, 0, 0, 7, 2};

    assertThatThrownBy(() -> WireFormat.parse("quell.logs", payload))
        .isInstanceOfSatisfying(
            MalformedRecordException.class,
            e -> {
              assertThat(e.topic()).isEqualTo("quell.logs");
              assertThat(e.schemaId()).isEmpty();
              assertThat(e.reason()).contains("magic byte 0x01");
            });
  }

  @Test
  void shouldRejectPayloadShorterThanHeader() {
    assertThatThrownBy(() -> WireFormat.parse("quell.logs", new byte[] {0, 0, 0}))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("quell.logs")
        .hasMessageContaining("3 bytes");
  }

  @Test
  void shouldRejectEmptyPayload() {
    assertThatThrownBy(() -> WireFormat.parse("quell.logs", new byte[0]))
        .isInstanceOf(MalformedRecordException.class);
  }

  @Test
  void shouldRejectNegativeSchemaId() {
    byte[] payload = {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe};

    assertThatThrownBy(() -> WireFormat.parse("quell.logs", payload))
        .isInstanceOfSatisfying(
            MalformedRecordException.class, e -> assertThat(e.schemaId()).hasValue(-2));
  }
}
