/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogEventMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant EIGHT_AM = Instant.parse("2026-03-01T08:00:00Z");

  private final LogEventMapper mapper = new LogEventMapper();

  private static ObjectNode record(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void shouldMapEveryField() throws Exception {
    LogEvent event =
        mapper.map(
            record(
                "{\"timestamp\":\"2026-03-01T08:00:00.123Z\",\"service\":\"checkout\","
                    + "\"host\":\"pod-1\",\"level\":\"warn\",\"message\":\"slow\","
                    + "\"attributes\":{\"trace\":\"ab12\",\"retries\":3,\"cached\":false},"
                    + "\"ignored\":true}"));

    assertThat(event.getTimestamp()).isEqualTo(EIGHT_AM.plusMillis(123));
    assertThat(event.getService()).isEqualTo("checkout");
    assertThat(event.getHost()).isEqualTo("pod-1");
    assertThat(event.getLevel()).isEqualTo(LogLevel.WARN);
    assertThat(event.getMessage()).isEqualTo("slow");
    assertThat(event.getAttributes())
        .isEqualTo(Map.of("trace", "ab12", "retries", "3", "cached", "false"));
  }

  @Test
  void shouldDefaultTheLevelToInfoAndLeaveOptionalFieldsEmpty() throws Exception {
    LogEvent event =
        mapper.map(record("{\"timestamp\":1772352000000,\"service\":\"a\",\"message\":\"\"}"));

    assertThat(event.getLevel()).isEqualTo(LogLevel.INFO);
    assertThat(event.getHost()).isNull();
    assertThat(event.getAttributes()).isEmpty();
    assertThat(event.getTimestamp()).isEqualTo(EIGHT_AM);
  }

  @ParameterizedTest
  @CsvSource({
    "'\"2026-03-01T08:00:00Z\"', 2026-03-01T08:00:00Z",
    "'\"2026-03-01T09:00:00+01:00\"', 2026-03-01T08:00:00Z",
    "'\"2026-03-01T08:00:00.123456789Z\"', 2026-03-01T08:00:00.123Z",
    "1772352000000, 2026-03-01T08:00:00Z",
    "1.772352E12, 2026-03-01T08:00:00Z",
    "'\"1772352000000\"', 2026-03-01T08:00:00Z"
  })
  void shouldReadTimestampsAsIsoOrEpochMillis(String json, String expected) throws Exception {
    LogEvent event =
        mapper.map(record("{\"timestamp\":" + json + ",\"service\":\"a\",\"message\":\"m\"}"));

    assertThat(event.getTimestamp()).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"service\":\"a\",\"message\":\"m\"} | timestamp | MISSING_FIELD | is required",
        "{\"timestamp\":null,\"service\":\"a\",\"message\":\"m\"} | timestamp | MISSING_FIELD |"
            + " is required",
        "{\"timestamp\":\"2026-03-01T08:00:00\",\"service\":\"a\",\"message\":\"m\"} | timestamp"
            + " | INVALID_FIELD | zone offset",
        "{\"timestamp\":1.5,\"service\":\"a\",\"message\":\"m\"} | timestamp | INVALID_FIELD |"
            + " whole number",
        "{\"timestamp\":-1,\"service\":\"a\",\"message\":\"m\"} | timestamp | INVALID_FIELD |"
            + " must lie between",
        "{\"timestamp\":true,\"service\":\"a\",\"message\":\"m\"} | timestamp | INVALID_FIELD |"
            + " but is a boolean",
        "{\"timestamp\":1,\"message\":\"m\"} | service | MISSING_FIELD | is required",
        "{\"timestamp\":1,\"service\":\" \",\"message\":\"m\"} | service | INVALID_FIELD | must"
            + " not be empty",
        "{\"timestamp\":1,\"service\":7,\"message\":\"m\"} | service | INVALID_FIELD | must be a"
            + " string but is a number",
        "{\"timestamp\":1,\"service\":\"a\",\"host\":[],\"message\":\"m\"} | host | INVALID_FIELD"
            + " | but is an array",
        "{\"timestamp\":1,\"service\":\"a\",\"level\":\"loud\",\"message\":\"m\"} | level |"
            + " INVALID_FIELD | 'loud' is not one of",
        "{\"timestamp\":1,\"service\":\"a\"} | message | MISSING_FIELD | is required",
        "{\"timestamp\":1,\"service\":\"a\",\"message\":\"m\",\"attributes\":[]} | attributes |"
            + " INVALID_FIELD | must be an object of strings",
        "{\"timestamp\":1,\"service\":\"a\",\"message\":\"m\",\"attributes\":{\"x\":{}}} |"
            + " attributes.x | INVALID_FIELD | must be a string but is an object"
      })
  void shouldNameTheFieldAndTheProblem(
      String json, String field, Rejection.Reason reason, String message) throws Exception {
    ObjectNode record = record(json);

    assertThatThrownBy(() -> mapper.map(record))
        .isInstanceOfSatisfying(
            InvalidRecordException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @ParameterizedTest
  @CsvSource({
    "trace, TRACE",
    "Debug, DEBUG",
    "INFO, INFO",
    "warning, WARN",
    "error, ERROR",
    "critical, FATAL",
    "FATAL, FATAL"
  })
  void shouldReadLevelsInAnyCase(String level, LogLevel expected) throws Exception {
    LogEvent event =
        mapper.map(
            record(
                "{\"timestamp\":1,\"service\":\"a\",\"message\":\"m\",\"level\":\""
                    + level
                    + "\"}"));

    assertThat(event.getLevel()).isEqualTo(expected);
  }

  @Test
  void shouldRejectAMessageLongerThanTheLineLimitInUtf8Bytes() throws Exception {
    LogEventMapper strict = new LogEventMapper(new RecordLimits(64, 8));
    String fits = "{\"timestamp\":1,\"service\":\"a\",\"message\":\"\u00e9\u00e9\u00e9\u00e9\"}";
    String over = "{\"timestamp\":1,\"service\":\"a\",\"message\":\"\u00e9\u00e9\u00e9\u00e9x\"}";

    assertThat(strict.map(record(fits)).getMessage()).hasSize(4);
    assertThatThrownBy(() -> strict.map(record(over)))
        .isInstanceOfSatisfying(
            InvalidRecordException.class,
            e -> {
              assertThat(e.field()).isEqualTo("message");
              assertThat(e.reason()).isEqualTo(Rejection.Reason.LINE_TOO_LONG);
              assertThat(e.getMessage()).contains("9 bytes", "limit of 8");
            });
  }
}
