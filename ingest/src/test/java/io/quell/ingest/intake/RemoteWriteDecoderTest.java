/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import static io.quell.ingest.intake.RemoteWriteMessages.series;
import static io.quell.ingest.intake.RemoteWriteMessages.writeRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.avro.MetricPoint;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteWriteDecoderTest {

  private static final long T0 = Instant.parse("2026-03-01T08:00:00Z").toEpochMilli();
  private static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

  private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(new RecordLimits(3, 1024), 10);

  @Test
  void shouldMapEverySampleToAMetricPointWithTheNameLabelsAndSampleTime() throws Exception {
    byte[] body =
        writeRequest(
            series("http_requests_total")
                .label("job", "cart")
                .label("code", "500")
                .sample(17, T0)
                .sample(18, T0 + 15_000),
            series("up").label("instance", "10.0.0.1:9090").sample(1, T0));

    DecodedBatch<MetricPoint> decoded = decoder.decode(body);

    assertThat(decoded.batch().accepted())
        .containsExactly(
            point("http_requests_total", Map.of("job", "cart", "code", "500"), 17, T0),
            point("http_requests_total", Map.of("job", "cart", "code", "500"), 18, T0 + 15_000),
            point("up", Map.of("instance", "10.0.0.1:9090"), 1, T0));
    assertThat(decoded.batch().rejectedCount()).isZero();
    assertThat(decoded.staleMarkers()).isZero();
    assertThat(decoded.unsupported()).isEmpty();
  }

  @Test
  void shouldSkipAndCountStaleMarkersButKeepOrdinaryNanAndInfinities() throws Exception {
    byte[] body =
        writeRequest(
            series("ratio")
                .sample(STALE, T0)
                .sample(Double.NaN, T0 + 1)
                .sample(Double.POSITIVE_INFINITY, T0 + 2),
            series("gone").sample(STALE, T0));

    DecodedBatch<MetricPoint> decoded = decoder.decode(body);

    assertThat(decoded.staleMarkers()).isEqualTo(2);
    assertThat(decoded.batch().accepted())
        .extracting(MetricPoint::getValue)
        .containsExactly(Double.NaN, Double.POSITIVE_INFINITY);
    assertThat(decoded.batch().total()).isEqualTo(2);
  }

  @Test
  void shouldSkipUnknownFieldsAndMetadata() throws Exception {
    byte[] series = writeRequest(series("up").label("job", "a").sample(1, T0).withUnknownFields());
    byte[] withMetadata = concat(series, RemoteWriteMessages.metadataOnly());

    DecodedBatch<MetricPoint> decoded = decoder.decode(withMetadata);

    assertThat(decoded.batch().accepted()).containsExactly(point("up", Map.of("job", "a"), 1, T0));
    assertThat(decoder.decode(RemoteWriteMessages.metadataOnly()).batch().total()).isZero();
    assertThat(decoder.decode(new byte[0]).batch().total()).isZero();
  }

  @Test
  void shouldCountExemplarsAndNativeHistogramsAsUnsupported() throws Exception {
    byte[] body =
        writeRequest(
            series("latency_seconds").histogram().histogram(),
            series("requests_total").sample(5, T0).exemplar());

    DecodedBatch<MetricPoint> decoded = decoder.decode(body);

    assertThat(decoded.batch().accepted())
        .extracting(MetricPoint::getName)
        .containsExactly("requests_total");
    assertThat(decoded.unsupported()).isEqualTo(Map.of("native_histograms", 2, "exemplars", 1));
  }

  @Test
  void shouldRejectEverySampleOfASeriesWithTooManyLabelsOnce() throws Exception {
    byte[] body =
        writeRequest(
            series("wide")
                .label("a", "1")
                .label("b", "2")
                .label("c", "3")
                .label("d", "4")
                .sample(1, T0)
                .sample(2, T0 + 1),
            series("narrow").label("a", "1").label("b", "2").label("c", "3").sample(3, T0));

    ParsedBatch<MetricPoint> batch = decoder.decode(body).batch();

    assertThat(batch.accepted()).extracting(MetricPoint::getName).containsExactly("narrow");
    assertThat(batch.rejectedCount()).isEqualTo(2);
    assertThat(batch.rejectedByReason()).isEqualTo(Map.of(Rejection.Reason.TOO_MANY_LABELS, 2));
    assertThat(batch.rejections()).hasSize(1);
    Rejection rejection = batch.rejections().get(0);
    assertThat(rejection.index()).isZero();
    assertThat(rejection.field()).isEqualTo("labels");
    assertThat(rejection.error()).contains("wide", "4 labels", "limit of 3");
  }

  @Test
  void shouldRejectASeriesWhoseLabelsAreLargerThanARecordMayBe() throws Exception {
    RemoteWriteDecoder small = new RemoteWriteDecoder(new RecordLimits(3, 1024, 100), 10);
    byte[] body =
        writeRequest(
            series("big").label("query", "x".repeat(200)).sample(1, T0),
            series("ok").label("job", "cart").sample(2, T0));

    ParsedBatch<MetricPoint> batch = small.decode(body).batch();

    assertThat(batch.accepted()).extracting(MetricPoint::getName).containsExactly("ok");
    assertThat(batch.rejectedByReason()).isEqualTo(Map.of(Rejection.Reason.TOO_LARGE, 1));
    assertThat(batch.rejections().get(0).error()).contains("big", "100 bytes");
  }

  @Test
  void shouldRejectSeriesWithoutANameAndSamplesOutOfTime() throws Exception {
    byte[] body =
        writeRequest(
            new RemoteWriteMessages.Series().label("job", "x").sample(1, T0),
            series("up").sample(1, -5).sample(1, T0));

    ParsedBatch<MetricPoint> batch = decoder.decode(body).batch();

    assertThat(batch.accepted()).hasSize(1);
    assertThat(batch.rejections())
        .extracting(Rejection::index, Rejection::field, Rejection::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                0, "labels.__name__", Rejection.Reason.MISSING_FIELD),
            org.assertj.core.groups.Tuple.tuple(
                1, "samples.timestamp", Rejection.Reason.INVALID_FIELD));
  }

  @Test
  void shouldRefuseTruncatedGarbageAndMistypedMessages() {
    byte[] good = writeRequest(series("up").label("job", "a").sample(1, T0));
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    byte[] garbage = "this is not protobuf at all".getBytes();
    // Field 1 of WriteRequest as a varint instead of a message.
    byte[] mistyped = RemoteWriteMessages.message(out -> out.writeInt64(1, 7));

    for (byte[] body : new byte[][] {truncated, garbage, mistyped}) {
      assertThatThrownBy(() -> decoder.decode(body))
          .isInstanceOf(UndecodableBodyException.class)
          .hasMessageContaining("remote_write WriteRequest")
          .satisfies(
              e ->
                  assertThat(((UndecodableBodyException) e).code())
                      .isEqualTo("malformed_protobuf"));
    }
  }

  private static MetricPoint point(String name, Map<String, String> labels, double value, long t) {
    return MetricPoint.newBuilder()
        .setTimestamp(Instant.ofEpochMilli(t))
        .setName(name)
        .setLabels(labels)
        .setValue(value)
        .build();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
