/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.MetricPoint;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricPointMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MetricPointMapper mapper = new MetricPointMapper();

  private static ObjectNode record(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void shouldMapEveryFieldAndDropEmptyLabels() throws Exception {
    MetricPoint point =
        mapper.map(
            record(
                "{\"timestamp\":\"2026-03-01T08:00:00Z\",\"name\":\"http_requests_total\","
                    + "\"labels\":{\"service\":\"cart\",\"code\":500,\"zone\":\"\"},"
                    + "\"value\":12.5}"));

    assertThat(point.getTimestamp()).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
    assertThat(point.getName()).isEqualTo("http_requests_total");
    assertThat(point.getLabels()).isEqualTo(Map.of("service", "cart", "code", "500"));
    assertThat(point.getValue()).isEqualTo(12.5);
  }

  @Test
  void shouldAcceptAPointWithoutLabels() throws Exception {
    MetricPoint point = mapper.map(record("{\"timestamp\":1,\"name\":\"up\",\"value\":1}"));

    assertThat(point.getLabels()).isEmpty();
    assertThat(point.getValue()).isEqualTo(1.0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\":\"up\",\"value\":1} | timestamp | is required",
        "{\"timestamp\":1,\"value\":1} | name | is required",
        "{\"timestamp\":1,\"name\":\"http-requests\",\"value\":1} | name | not a Prometheus"
            + " metric name",
        "{\"timestamp\":1,\"name\":\"9lives\",\"value\":1} | name | not a Prometheus metric name",
        "{\"timestamp\":1,\"name\":\"up\",\"labels\":{\"a-b\":\"x\"},\"value\":1} | labels.a-b |"
            + " not a Prometheus label name",
        "{\"timestamp\":1,\"name\":\"up\",\"labels\":{\"__name__\":\"x\"},\"value\":1} |"
            + " labels.__name__ | reserved",
        "{\"timestamp\":1,\"name\":\"up\",\"labels\":{\"a\":null},\"value\":1} | labels.a | must"
            + " be a string but is null",
        "{\"timestamp\":1,\"name\":\"up\",\"labels\":\"a=b\",\"value\":1} | labels | must be an"
            + " object of strings",
        "{\"timestamp\":1,\"name\":\"up\"} | value | is required",
        "{\"timestamp\":1,\"name\":\"up\",\"value\":\"1\"} | value | must be a number but is a"
            + " string",
        "{\"timestamp\":1,\"name\":\"up\",\"value\":\"NaN\"} | value | must be a number",
        "{\"timestamp\":1,\"name\":\"up\",\"value\":1e400} | value | must be finite"
      })
  void shouldNameTheFieldAndTheProblem(String json, String field, String message) throws Exception {
    ObjectNode record = record(json);

    assertThatThrownBy(() -> mapper.map(record))
        .isInstanceOfSatisfying(
            InvalidRecordException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void shouldRejectASeriesWithMoreLabelsThanTheLimit() throws Exception {
    MetricPointMapper strict = new MetricPointMapper(new RecordLimits(2, 1024));
    String two =
        "{\"timestamp\":1,\"name\":\"up\",\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"\"},\"value\":1}";
    String three =
        "{\"timestamp\":1,\"name\":\"up\",\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"},\"value\":1}";

    assertThat(strict.map(record(two)).getLabels()).hasSize(2);
    assertThatThrownBy(() -> strict.map(record(three)))
        .isInstanceOfSatisfying(
            InvalidRecordException.class,
            e -> {
              assertThat(e.field()).isEqualTo("labels");
              assertThat(e.reason()).isEqualTo(Rejection.Reason.TOO_MANY_LABELS);
              assertThat(e.getMessage()).contains("3 labels", "limit of 2");
            });
  }
}
