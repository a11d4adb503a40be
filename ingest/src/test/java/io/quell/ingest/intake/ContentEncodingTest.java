/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class ContentEncodingTest {

  private static final byte[] TEXT =
      "the same words again and again ".repeat(100).getBytes(StandardCharsets.UTF_8);

  static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void shouldReadTheHeader() {
    assertThat(ContentEncoding.ofHeader(null)).contains(ContentEncoding.IDENTITY);
    assertThat(ContentEncoding.ofHeader(" ")).contains(ContentEncoding.IDENTITY);
    assertThat(ContentEncoding.ofHeader("Identity")).contains(ContentEncoding.IDENTITY);
    assertThat(ContentEncoding.ofHeader("GZIP")).contains(ContentEncoding.GZIP);
    assertThat(ContentEncoding.ofHeader("x-gzip")).contains(ContentEncoding.GZIP);
    assertThat(ContentEncoding.ofHeader("snappy")).contains(ContentEncoding.SNAPPY);
    assertThat(ContentEncoding.ofHeader("br")).isEmpty();
    assertThat(ContentEncoding.ofHeader("gzip, identity")).isEmpty();
  }

  @Test
  void shouldDecodeGzipAndSnappyWithinTheLimit() throws Exception {
    assertThat(ContentEncoding.GZIP.decode(gzip(TEXT), TEXT.length)).isEqualTo(TEXT);
    assertThat(ContentEncoding.SNAPPY.decode(Snappy.compress(TEXT), TEXT.length)).isEqualTo(TEXT);
    assertThat(ContentEncoding.IDENTITY.decode(TEXT, TEXT.length)).isSameAs(TEXT);
  }

  @Test
  void shouldStopInflatingABombAtTheLimit() throws Exception {
    byte[] zeros = new byte[64 * 1024 * 1024];
    byte[] gzipBomb = gzip(zeros);
    byte[] snappyBomb = Snappy.compress(new byte[8 * 1024 * 1024]);

    assertThat(gzipBomb.length).isLessThan(100 * 1024);
    assertThatThrownBy(() -> ContentEncoding.GZIP.decode(gzipBomb, 1024 * 1024))
        .isInstanceOf(DecodedBodyTooLargeException.class)
        .hasMessageContaining("1048576");
    assertThatThrownBy(() -> ContentEncoding.SNAPPY.decode(snappyBomb, 1024 * 1024))
        .isInstanceOf(DecodedBodyTooLargeException.class)
        .hasMessageContaining("8388608");
  }

  @Test
  void shouldRefuseDataThatIsNotOfTheEncoding() throws Exception {
    byte[] compressed = Snappy.compress(TEXT);
    byte[] truncatedSnappy = Arrays.copyOf(compressed, compressed.length / 2);
    byte[] gzipped = gzip(TEXT);
    byte[] truncatedGzip = Arrays.copyOf(gzipped, gzipped.length / 2);

    for (byte[] body : new byte[][] {TEXT, truncatedSnappy, new byte[0], {(byte) 0xff}}) {
      assertThatThrownBy(() -> ContentEncoding.SNAPPY.decode(body, 1 << 20))
          .isInstanceOfAny(UndecodableBodyException.class, DecodedBodyTooLargeException.class);
    }
    assertThatThrownBy(() -> ContentEncoding.SNAPPY.decode(truncatedSnappy, 1 << 20))
        .isInstanceOf(UndecodableBodyException.class)
        .hasMessageContaining("snappy");
    for (byte[] body : new byte[][] {TEXT, truncatedGzip, new byte[0]}) {
      assertThatThrownBy(() -> ContentEncoding.GZIP.decode(body, 1 << 20))
          .isInstanceOf(UndecodableBodyException.class)
          .hasMessageContaining("gzip")
          .satisfies(
              e -> assertThat(((UndecodableBodyException) e).code()).isEqualTo("malformed_gzip"));
    }
  }
}
