/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.ingest.file.LogLineParser.Parsed;
import io.quell.schemas.avro.LogLevel;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLineParserTest {

  private final LogLineParser parser = new LogLineParser(ZoneId.of("Europe/Berlin"));

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void shouldTakeAnIsoTimestampWithAnOffsetAndTheLevelAfterIt() {
    Parsed parsed = parser.parse("2026-03-01T08:00:00.123Z ERROR payment timed out");

    assertThat(parsed.timestamp()).isEqualTo(millis("2026-03-01T08:00:00.123Z"));
    assertThat(parsed.level()).isEqualTo(LogLevel.ERROR);
    assertThat(parsed.message()).isEqualTo("payment timed out");
  }

  @Test
  void shouldReadATimestampWithoutOffsetInTheConfiguredZone() {
    Parsed parsed = parser.parse("2026-03-01 09:00:00,5 [warn] disk almost full");

    assertThat(parsed.timestamp()).isEqualTo(millis("2026-03-01T08:00:00.500Z"));
    assertThat(parsed.level()).isEqualTo(LogLevel.WARN);
    assertThat(parsed.message()).isEqualTo("disk almost full");
  }

  @Test
  void shouldTakeTheLevelNearTheStartWithoutCuttingTheLoggerOff() {
    Parsed parsed =
        parser.parse("[2026-03-01T08:00:00+01:00] [main] ERROR c.e.Checkout - boom\n\tat x.Y");

    assertThat(parsed.timestamp()).isEqualTo(millis("2026-03-01T07:00:00Z"));
    assertThat(parsed.level()).isEqualTo(LogLevel.ERROR);
    assertThat(parsed.message()).isEqualTo("[main] ERROR c.e.Checkout - boom\n\tat x.Y");
  }

  @Test
  void shouldDefaultToInfoAndNoTimestampForAPlainLine() {
    Parsed parsed = parser.parse("user 17 logged in; no error here");

    assertThat(parsed.timestamp()).isNull();
    assertThat(parsed.level()).isEqualTo(LogLevel.INFO);
    assertThat(parsed.message()).isEqualTo("user 17 logged in; no error here");
  }

  @Test
  void shouldNotTakeAnImpossibleDateForATimestamp() {
    Parsed parsed = parser.parse("2026-13-45 08:00:00 FATAL x");

    assertThat(parsed.timestamp()).isNull();
    assertThat(parsed.level()).isEqualTo(LogLevel.FATAL);
  }

  @Test
  void shouldReadJsonLinesWithLevelMessageAndTime() {
    Parsed parsed =
        parser.parse(
            "{\"ts\":\"2026-03-01T08:00:00Z\",\"level\":\"warning\",\"msg\":\"slow\","
                + "\"trace_id\":\"abc\",\"attempt\":2,\"ctx\":{\"a\":1}}");

    assertThat(parsed.timestamp()).isEqualTo(millis("2026-03-01T08:00:00Z"));
    assertThat(parsed.level()).isEqualTo(LogLevel.WARN);
    assertThat(parsed.message()).isEqualTo("slow");
    assertThat(parsed.attributes())
        .isEqualTo(Map.of("trace_id", "abc", "attempt", "2", "ctx", "{\"a\":1}"));
  }

  @Test
  void shouldReadNumericJsonLevelsAndEpochTimes() {
    Parsed seconds = parser.parse("{\"time\":1772352000.25,\"level\":50,\"message\":\"x\"}");
    Parsed milliseconds = parser.parse("{\"time\":1772352000250,\"level\":30,\"message\":\"y\"}");

    assertThat(seconds.timestamp()).isEqualTo(1772352000250L);
    assertThat(seconds.level()).isEqualTo(LogLevel.ERROR);
    assertThat(milliseconds.timestamp()).isEqualTo(1772352000250L);
    assertThat(milliseconds.level()).isEqualTo(LogLevel.INFO);
  }

  @Test
  void shouldTakeALineThatOnlyLooksLikeJsonAsText() {
    Parsed parsed = parser.parse("{not json ERROR");

    assertThat(parsed.message()).isEqualTo("{not json ERROR");
    assertThat(parsed.level()).isEqualTo(LogLevel.ERROR);
  }
}
