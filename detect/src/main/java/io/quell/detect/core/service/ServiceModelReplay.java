/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import io.quell.detect.core.Intervals;
import io.quell.detect.core.metric.MetricAlerts;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.topic.RecordKeys;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the {@link ServiceModel} over a finite set of points as the job's service operator would
 * over the same points once its input ends: per service (the {@code service} label; points without
 * one are left out), the newest value of each series per bucket, one closing per bucket from the
 * service's first bucket on, each judged vector's verdicts on the series that had a value in the
 * bucket; a service silent for the expiry is forgotten, and after the last point the buckets keep
 * closing until it is. For offline evaluation and tests; keeps everything in memory.
 */
public final class ServiceModelReplay {
  private ServiceModelReplay() {}

  /**
   * Per series id, the verdicts the job would send about it, by bucket end.
   *
   * @param expiryMs event time without a point after which a service is forgotten
   */
  public static Map<String, TreeMap<Long, SeriesVerdict>> verdicts(
      ServiceModel model, Iterable<MetricPoint> points, long expiryMs) {
    long bucketMs = model.settings().bucketMillis();
    Map<String, TreeMap<Long, BucketValues>> byService = new LinkedHashMap<>();
    Map<String, TreeMap<Long, Long>> lastPointOfBucket = new HashMap<>();
    for (MetricPoint point : points) {
      String service = point.getLabels().get(MetricAlerts.SERVICE_LABEL);
      if (service == null) {
        continue;
      }
      long at = point.getTimestamp().toEpochMilli();
      long bucketStart = Intervals.startOf(at, bucketMs);
      byService
          .computeIfAbsent(service, s -> new TreeMap<>())
          .computeIfAbsent(bucketStart, b -> new BucketValues())
          .put(RecordKeys.seriesId(point), point.getValue(), at);
      lastPointOfBucket
          .computeIfAbsent(service, s -> new TreeMap<>())
          .merge(bucketStart, at, Math::max);
    }
    Map<String, TreeMap<Long, SeriesVerdict>> verdicts = new HashMap<>();
    for (Map.Entry<String, TreeMap<Long, BucketValues>> service : byService.entrySet()) {
      TreeMap<Long, BucketValues> buckets = service.getValue();
      TreeMap<Long, Long> lastPoints = lastPointOfBucket.get(service.getKey());
      Long tick = buckets.firstKey();
      ServiceModelState state = new ServiceModelState();
      long lastSeen = Long.MIN_VALUE;
      while (tick != null) {
        BucketValues values = buckets.getOrDefault(tick, new BucketValues());
        Long last = lastPoints.get(tick);
        if (last != null) {
          lastSeen = Math.max(lastSeen, last);
        }
        List<SeriesVerdict> judged = model.closeBucket(state, tick, values).perSeries();
        for (SeriesVerdict verdict : judged) {
          verdicts
              .computeIfAbsent(verdict.getSeriesId(), id -> new TreeMap<>())
              .put(verdict.getBucketEnd(), verdict);
        }
        long closeAt = Intervals.lastMillisOf(tick, bucketMs);
        if (Intervals.plus(lastSeen, expiryMs) <= closeAt) {
          // Forgotten; a later point starts the service afresh at its own bucket.
          state = new ServiceModelState();
          lastSeen = Long.MIN_VALUE;
          tick = buckets.higherKey(tick);
        } else {
          tick = tick + bucketMs;
        }
      }
    }
    return verdicts;
  }
}
