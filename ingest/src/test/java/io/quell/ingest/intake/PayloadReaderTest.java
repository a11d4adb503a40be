/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadReaderTest {

  private static final String GOOD_1 =
      "{\"timestamp\":\"2026-03-01T08:00:00Z\",\"service\":\"checkout\",\"message\":\"one\"}";
  private static final String GOOD_2 =
      "{\"timestamp\":1772352000000,\"service\":\"cart\",\"message\":\"two\"}";

  private final PayloadReader reader = new PayloadReader(1024, 3);
  private final LogEventMapper mapper = new LogEventMapper();

  private ParsedBatch<LogEvent> json(String body) throws MalformedPayloadException {
    return reader.read(body.getBytes(StandardCharsets.UTF_8), PayloadFormat.JSON, mapper);
  }

  private ParsedBatch<LogEvent> ndjson(String body) throws MalformedPayloadException {
    return reader.read(body.getBytes(StandardCharsets.UTF_8), PayloadFormat.NDJSON, mapper);
  }

  @Test
  void shouldTakeOneObject() throws Exception {
    ParsedBatch<LogEvent> batch = json(GOOD_1);

    assertThat(batch.accepted()).extracting(LogEvent::getMessage).containsExactly("one");
    assertThat(batch.rejectedCount()).isZero();
  }

  @Test
  void shouldTakeAnArrayOfObjectsInOrder() throws Exception {
    ParsedBatch<LogEvent> batch = json("[" + GOOD_1 + "," + GOOD_2 + "]");

    assertThat(batch.accepted()).extracting(LogEvent::getMessage).containsExactly("one", "two");
  }

  @Test
  void shouldTakeObjectsOneAfterTheOtherSentAsJson() throws Exception {
    ParsedBatch<LogEvent> batch = json(GOOD_1 + "\n" + GOOD_2 + "\n");

    assertThat(batch.accepted()).extracting(LogEvent::getMessage).containsExactly("one", "two");
  }

  @Test
  void shouldRejectNonObjectsOfAnArrayWithTheirIndexAndKeepTheOthers() throws Exception {
    ParsedBatch<LogEvent> batch = json("[" + GOOD_1 + ", 42, [1], \"text\", " + GOOD_2 + "]");

    assertThat(batch.accepted()).extracting(LogEvent::getMessage).containsExactly("one", "two");
    assertThat(batch.rejections())
        .containsExactly(
            new Rejection(
                1,
                null,
                Rejection.Reason.NOT_AN_OBJECT,
                "expected a JSON object but found a number"),
            new Rejection(
                2,
                null,
                Rejection.Reason.NOT_AN_OBJECT,
                "expected a JSON object but found an array"),
            new Rejection(
                3,
                null,
                Rejection.Reason.NOT_AN_OBJECT,
                "expected a JSON object but found a string"));
  }

  @Test
  void shouldReportTheFieldAndIndexOfAnInvalidRecord() throws Exception {
    ParsedBatch<LogEvent> batch =
        json("[" + GOOD_1 + ",{\"timestamp\":\"yesterday\",\"service\":\"a\",\"message\":\"m\"}]");

    assertThat(batch.accepted()).hasSize(1);
    assertThat(batch.rejections()).hasSize(1);
    Rejection rejection = batch.rejections().get(0);
    assertThat(rejection.index()).isEqualTo(1);
    assertThat(rejection.field()).isEqualTo("timestamp");
    assertThat(rejection.reason()).isEqualTo(Rejection.Reason.INVALID_FIELD);
    assertThat(rejection.error()).contains("'yesterday'").contains("ISO-8601");
  }

  @Test
  void shouldFailAMalformedJsonBodyWithTheParsersPosition() {
    assertThatThrownBy(() -> json("[" + GOOD_1 + ",\n  {\"service\": }]"))
        .isInstanceOfSatisfying(
            MalformedPayloadException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(15);
              assertThat(e.byteOffset()).isEqualTo(GOOD_1.length() + 3 + 14);
              assertThat(e.getMessage()).contains("Unexpected character ('}'");
            });
  }

  @Test
  void shouldFailATruncatedJsonBody() {
    assertThatThrownBy(() -> json("[" + GOOD_1))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("end-of-input");
  }

  @Test
  void shouldRejectOnlyTheMalformedLineOfNdjson() throws Exception {
    ParsedBatch<LogEvent> batch = ndjson(GOOD_1 + "\n{\"service\": oops}\n\n" + GOOD_2 + "\r\n");

    assertThat(batch.accepted()).extracting(LogEvent::getMessage).containsExactly("one", "two");
    assertThat(batch.rejections()).hasSize(1);
    Rejection rejection = batch.rejections().get(0);
    assertThat(rejection.index()).isEqualTo(1);
    assertThat(rejection.field()).isNull();
    assertThat(rejection.reason()).isEqualTo(Rejection.Reason.MALFORMED_JSON);
    assertThat(rejection.error()).startsWith("line 2, column ");
  }

  @Test
  void shouldRejectAnNdjsonLineHoldingTwoValues() throws Exception {
    ParsedBatch<LogEvent> batch = ndjson(GOOD_1 + " " + GOOD_2);

    assertThat(batch.accepted()).isEmpty();
    assertThat(batch.rejections())
        .singleElement()
        .satisfies(r -> assertThat(r.error()).contains("more than one JSON value"));
  }

  @Test
  void shouldRejectARecordLargerThanTheLimit() throws Exception {
    String large = "{\"timestamp\":1,\"service\":\"a\",\"message\":\"" + "x".repeat(2000) + "\"}";

    ParsedBatch<LogEvent> batch = json("[" + GOOD_1 + "," + large + "]");

    assertThat(batch.accepted()).hasSize(1);
    assertThat(batch.rejections())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.index()).isEqualTo(1);
              assertThat(r.reason()).isEqualTo(Rejection.Reason.TOO_LARGE);
              assertThat(r.error()).contains("limit of 1024");
            });
  }

  @Test
  void shouldCountEveryRejectionButDescribeOnlyTheFirstOnes() throws Exception {
    ParsedBatch<LogEvent> batch = json("[1, 2, {}, 4, 5]");

    assertThat(batch.rejectedCount()).isEqualTo(5);
    assertThat(batch.rejections()).extracting(Rejection::index).containsExactly(0, 1, 2);
    assertThat(batch.rejectedByReason())
        .isEqualTo(Map.of(Rejection.Reason.NOT_AN_OBJECT, 4, Rejection.Reason.MISSING_FIELD, 1));
  }

  @Test
  void shouldFindNoRecordsInAnEmptyBody() throws Exception {
    assertThat(json("  \n").total()).isZero();
    assertThat(ndjson("\n\n").total()).isZero();
    assertThat(json("[]").total()).isZero();
  }

  @Test
  void shouldRefuseDeeplyNestedJson() {
    String deep = "[".repeat(PayloadReader.MAX_NESTING_DEPTH + 10);

    assertThatThrownBy(() -> json(deep))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void shouldChooseTheFormatByContentType() {
    assertThat(PayloadFormat.ofContentType("application/json")).contains(PayloadFormat.JSON);
    assertThat(PayloadFormat.ofContentType("Application/JSON; charset=UTF-8"))
        .contains(PayloadFormat.JSON);
    assertThat(PayloadFormat.ofContentType("application/x-ndjson")).contains(PayloadFormat.NDJSON);
    assertThat(PayloadFormat.ofContentType("application/jsonl")).contains(PayloadFormat.NDJSON);
    assertThat(PayloadFormat.ofContentType("application/json; charset=latin1")).isEmpty();
    assertThat(PayloadFormat.ofContentType("text/plain")).isEmpty();
    assertThat(PayloadFormat.ofContentType(null)).isEmpty();
  }
}
