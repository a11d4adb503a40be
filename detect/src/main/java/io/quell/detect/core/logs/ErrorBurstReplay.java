/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Intervals;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.LogEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link ServiceMonitor} over a finite set of log events, as the Flink job would over the
 * same events once its input ends: every interval of every service is closed in order from the
 * service's first event, empty ones included, until the service has been silent for {@code
 * expiryMs}. For offline evaluation and tests; keeps everything in memory.
 */
public final class ErrorBurstReplay {
  private ErrorBurstReplay() {}

  /** The alerts the job would send, ordered by event time. */
  public static List<Alert> replay(
      ServiceMonitor monitor, Iterable<LogEvent> events, long expiryMs) {
    long intervalMs = monitor.rule().settings().intervalMs();
    Map<String, ServiceEvents> byService = new LinkedHashMap<>();
    for (LogEvent event : events) {
      long at = event.getTimestamp().toEpochMilli();
      ServiceEvents service =
          byService.computeIfAbsent(event.getService(), s -> new ServiceEvents(at));
      service.firstSeenAt = Math.min(service.firstSeenAt, at);
      service.lastSeenAt = Math.max(service.lastSeenAt, at);
      service
          .tallies
          .computeIfAbsent(Intervals.startOf(at, intervalMs), start -> new IntervalTally())
          .count(event.getLevel(), at, event.getMessage());
    }
    List<TimedAlert> alerts = new ArrayList<>();
    for (Map.Entry<String, ServiceEvents> entry : byService.entrySet()) {
      ServiceEvents service = entry.getValue();
      ErrorBaseline baseline = new ErrorBaseline();
      AlertEpisode episode = new AlertEpisode();
      Alert open = null;
      for (long start = Intervals.startOf(service.firstSeenAt, intervalMs); ; start += intervalMs) {
        long closeAt = Intervals.lastMillisOf(start, intervalMs);
        Optional<Alert> alert =
            monitor.closeInterval(
                entry.getKey(), start, service.tallies.get(start), baseline, episode, open);
        if (alert.isPresent()) {
          alerts.add(new TimedAlert(closeAt, alert.get()));
          open = alert.get().getStatus() == AlertStatus.FIRING ? alert.get() : null;
        }
        if (service.lastSeenAt + expiryMs <= closeAt) {
          Optional<Alert> expired = monitor.expire(episode, open, service.lastSeenAt);
          expired.ifPresent(a -> alerts.add(new TimedAlert(closeAt, a)));
          break;
        }
      }
    }
    alerts.sort(Comparator.comparingLong(TimedAlert::at));
    return alerts.stream().map(TimedAlert::alert).toList();
  }

  private static final class ServiceEvents {
    long firstSeenAt;
    long lastSeenAt;
    final Map<Long, IntervalTally> tallies = new HashMap<>();

    ServiceEvents(long at) {
      firstSeenAt = at;
      lastSeenAt = at;
    }
  }

  private record TimedAlert(long at, Alert alert) {}
}
