/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.MetricPoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatEventTimeTest {

  /** The Confluent wire format: magic byte 0, a schema id, the Avro binary value. */
  private static byte[] wireFormat(SpecificRecord record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0, 0, 0, 0, 42});
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(longs = {0, 1, 1_772_442_000_000L, 4_102_444_800_000L, -86_400_000L})
  void shouldReadTheEventTimeOfMetricPointsAndLogEventsFromTheirBytes(long millis)
      throws Exception {
    Instant at = Instant.ofEpochMilli(millis);
    MetricPoint point =
        MetricPoint.newBuilder()
            .setTimestamp(at)
            .setName("cpu")
            .setLabels(Map.of("service", "checkout"))
            .setValue(0.5)
            .build();
    LogEvent event =
        LogEvent.newBuilder()
            .setTimestamp(at)
            .setService("checkout")
            .setLevel(LogLevel.INFO)
            .setMessage("hello")
            .build();

    assertThat(WireFormatEventTime.eventTime(wireFormat(point))).isEqualTo(millis);
    assertThat(WireFormatEventTime.eventTime(wireFormat(event))).isEqualTo(millis);
  }

  @Test
  void shouldGiveNoTimeToRecordsNotInTheWireFormat() {
    assertThat(
            WireFormatEventTime.eventTime("definitely not avro".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(WireFormatEventTime.eventTime(new byte[] {0, 0, 0, 0, 1})).isEqualTo(Long.MIN_VALUE);
    assertThat(WireFormatEventTime.eventTime(new byte[] {0, 0, 0, 0, 1, (byte) 0x80}))
        .as("a varint cut short")
        .isEqualTo(Long.MIN_VALUE);
    assertThat(WireFormatEventTime.eventTime(null)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void shouldFindTheTimestampFirstInTheSchemasWhoseRecordsItReads() {
    for (Schema schema : new Schema[] {MetricPoint.getClassSchema(), LogEvent.getClassSchema()}) {
      Schema.Field first = schema.getFields().get(0);
      assertThat(first.name()).as(schema.getName()).isEqualTo("timestamp");
      assertThat(first.schema().getType()).as(schema.getName()).isEqualTo(Schema.Type.LONG);
    }
  }
}
