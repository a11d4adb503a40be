/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Intervals;
import io.quell.detect.core.logs.template.MinedTemplate;
import io.quell.detect.core.logs.template.TemplateMatch;
import io.quell.detect.core.logs.template.TemplateMiner;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.LogEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a {@link TemplateWatch} over a finite list of log events, as the Flink job would once its
 * input ends when every event arrives before the watermark passes its interval: per service, the
 * events are mined in event-time order, and every interval from the service's first event is closed
 * in order, empty ones included, until the service has been silent for {@code expiryMs}. For
 * offline evaluation and tests; keeps everything in memory.
 */
public final class TemplateWatchReplay {
  private TemplateWatchReplay() {}

  /** The alerts the job would send, ordered by the event time of the tick that sent them. */
  public static <S> List<Alert> replay(
      TemplateWatch<S> watch, Iterable<LogEvent> events, long expiryMs) {
    long intervalMs = watch.settings().intervalMs();
    Map<String, List<LogEvent>> byService = new LinkedHashMap<>();
    for (LogEvent event : events) {
      byService.computeIfAbsent(event.getService(), s -> new ArrayList<>()).add(event);
    }
    List<TimedAlert> alerts = new ArrayList<>();
    try {
      for (Map.Entry<String, List<LogEvent>> entry : byService.entrySet()) {
        String service = entry.getKey();
        List<LogEvent> serviceEvents = new ArrayList<>(entry.getValue());
        serviceEvents.sort(Comparator.comparing(LogEvent::getTimestamp));
        // Events by the interval they fall in; the miner sees an interval's events before its tick.
        TreeMap<Long, List<LogEvent>> byInterval = new TreeMap<>();
        for (LogEvent event : serviceEvents) {
          long at = event.getTimestamp().toEpochMilli();
          byInterval
              .computeIfAbsent(Intervals.startOf(at, intervalMs), s -> new ArrayList<>())
              .add(event);
        }
        long first = serviceEvents.get(0).getTimestamp().toEpochMilli();
        long last = serviceEvents.get(serviceEvents.size() - 1).getTimestamp().toEpochMilli();
        TemplateMiner miner = watch.miner(null);
        MapStore<S> store = new MapStore<>();
        for (long start = Intervals.startOf(first, intervalMs); ; start += intervalMs) {
          for (LogEvent event : byInterval.getOrDefault(start, List.of())) {
            long at = event.getTimestamp().toEpochMilli();
            TemplateMatch match = miner.mine(event.getMessage());
            TemplateWatch.Mined mined =
                watch.count(
                    service,
                    match,
                    store.stats.get(match.templateId()),
                    first,
                    at,
                    event.getMessage());
            store.stats.put(match.templateId(), mined.stats());
          }
          long tickAt = Intervals.lastMillisOf(start, intervalMs);
          Set<String> live = new HashSet<>();
          for (MinedTemplate template : miner.templates()) {
            live.add(template.getId());
          }
          boolean expires = last + expiryMs <= tickAt;
          watch.tick(
              service,
              start,
              tickAt,
              live,
              expires,
              store,
              alert -> alerts.add(new TimedAlert(tickAt, alert)),
              template -> {});
          if (expires) {
            break;
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("the in-memory store does not fail", e);
    }
    alerts.sort(Comparator.comparingLong(TimedAlert::at));
    return alerts.stream().map(TimedAlert::alert).toList();
  }

  private record TimedAlert(long at, Alert alert) {}

  /** The per-template state of one service in hash maps. */
  private static final class MapStore<S> implements TemplateStore<S> {
    final Map<String, TemplateStats> stats = new HashMap<>();
    final Map<String, S> models = new HashMap<>();
    final Map<String, AlertEpisode> episodes = new HashMap<>();
    final Map<String, Alert> openRate = new HashMap<>();
    final Map<String, Alert> openNew = new HashMap<>();

    @Override
    public Iterable<TemplateStats> stats() {
      return new ArrayList<>(stats.values());
    }

    @Override
    public S model(String templateId) {
      return models.get(templateId);
    }

    @Override
    public AlertEpisode episode(String templateId) {
      return episodes.get(templateId);
    }

    @Override
    public Alert openRate(String templateId) {
      return openRate.get(templateId);
    }

    @Override
    public Alert openNew(String templateId) {
      return openNew.get(templateId);
    }

    @Override
    public void save(
        TemplateStats template, S model, AlertEpisode episode, Alert rate, Alert fresh) {
      String id = template.getTemplateId();
      stats.put(id, template);
      models.put(id, model);
      put(episodes, id, episode);
      put(openRate, id, rate);
      put(openNew, id, fresh);
    }

    @Override
    public void forget(String templateId) {
      stats.remove(templateId);
      models.remove(templateId);
      episodes.remove(templateId);
      openRate.remove(templateId);
      openNew.remove(templateId);
    }

    private static <V> void put(Map<String, V> map, String id, V value) {
      if (value == null) {
        map.remove(id);
      } else {
        map.put(id, value);
      }
    }
  }
}
