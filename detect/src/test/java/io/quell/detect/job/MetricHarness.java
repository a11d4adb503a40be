/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import io.quell.detect.core.service.SeriesVerdict;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.topic.RecordKeys;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * The test harness of {@link MetricAnomalyDetector}, keyed by series id on both inputs (points and
 * the service model's verdicts), with the one-input harness' shorthands: {@link #processElement}
 * for a point and {@link #processWatermark} for a watermark on both inputs.
 */
final class MetricHarness
    extends KeyedTwoInputStreamOperatorTestHarness<String, MetricPoint, SeriesVerdict, Alert> {

  private MetricHarness(MetricAnomalyDetector<?> detector) throws Exception {
    super(
        new KeyedCoProcessOperator<>(detector),
        RecordKeys::seriesId,
        SeriesVerdict::getSeriesId,
        Types.STRING);
  }

  /** A harness not opened yet (to initialize its state first). */
  static MetricHarness of(MetricAnomalyDetector<?> detector) throws Exception {
    return new MetricHarness(detector);
  }

  /** An open harness. */
  static MetricHarness opened(MetricAnomalyDetector<?> detector) throws Exception {
    MetricHarness harness = new MetricHarness(detector);
    harness.open();
    return harness;
  }

  void processElement(MetricPoint point, long timestamp) throws Exception {
    processElement1(point, timestamp);
  }

  void processVerdict(SeriesVerdict verdict, long timestamp) throws Exception {
    processElement2(verdict, timestamp);
  }

  void processWatermark(long timestamp) throws Exception {
    processBothWatermarks(new Watermark(timestamp));
  }
}
