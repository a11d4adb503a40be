/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.topic.RecordKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs a {@link MetricMonitor} over a finite set of points, as the Flink job would over the same
 * points once its input ends: per series in event-time order (of two points with one timestamp the
 * later in the list counts), then every series falls silent. For offline evaluation and tests;
 * keeps everything in memory.
 */
public final class MetricReplay {
  private MetricReplay() {}

  /** The alerts the job would send, ordered by event time. */
  public static <S> List<Alert> replay(MetricMonitor<S> monitor, Iterable<MetricPoint> points) {
    return replay(monitor, points, Map.of());
  }

  /**
   * The alerts the job would send with the service model's verdicts on the series: each point is
   * judged with the newest verdict on its series whose bucket ended at or before it (the job's
   * series operator receives verdicts as the watermark passes their buckets' ends).
   *
   * @param verdicts per series id, its verdicts by bucket end ({@code
   *     ServiceModelReplay.verdicts}); a series without any is judged alone
   */
  public static <S> List<Alert> replay(
      MetricMonitor<S> monitor,
      Iterable<MetricPoint> points,
      Map<String, ? extends NavigableMap<Long, SeriesVerdict>> verdicts) {
    Map<String, TreeMap<Long, MetricPoint>> bySeries = new LinkedHashMap<>();
    for (MetricPoint point : points) {
      bySeries
          .computeIfAbsent(RecordKeys.seriesId(point), id -> new TreeMap<>())
          .put(point.getTimestamp().toEpochMilli(), point);
    }
    List<TimedAlert> alerts = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Long, MetricPoint>> byId : bySeries.entrySet()) {
      TreeMap<Long, MetricPoint> series = byId.getValue();
      NavigableMap<Long, SeriesVerdict> found = verdicts.get(byId.getKey());
      NavigableMap<Long, SeriesVerdict> seriesVerdicts = found == null ? EMPTY : found;
      S state = monitor.newState();
      AlertEpisode episode = new AlertEpisode();
      Alert open = null;
      for (Map.Entry<Long, MetricPoint> entry : series.entrySet()) {
        Map.Entry<Long, SeriesVerdict> latest = seriesVerdicts.floorEntry(entry.getKey());
        Optional<Alert> alert =
            monitor.observe(
                entry.getValue(), state, episode, open, latest == null ? null : latest.getValue());
        if (alert.isPresent()) {
          alerts.add(new TimedAlert(entry.getKey(), alert.get()));
          open = alert.get().getStatus() == AlertStatus.FIRING ? alert.get() : null;
        }
      }
      long lastSeen = series.lastKey();
      Optional<Alert> expired = monitor.expire(episode, open, lastSeen);
      expired.ifPresent(alert -> alerts.add(new TimedAlert(Long.MAX_VALUE, alert)));
    }
    alerts.sort(Comparator.comparingLong(TimedAlert::at));
    return alerts.stream().map(TimedAlert::alert).toList();
  }

  private static final NavigableMap<Long, SeriesVerdict> EMPTY = new TreeMap<>();

  private record TimedAlert(long at, Alert alert) {}
}
