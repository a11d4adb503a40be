/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Alerts;
import io.quell.detect.core.Intervals;
import io.quell.detect.core.logs.template.TemplateMatch;
import io.quell.detect.core.logs.template.TemplateMiner;
import io.quell.detect.core.logs.template.TemplateMinerState;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.LogTemplate;
import io.quell.schemas.avro.MetricPoint;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Watches the log templates of services: a {@link TemplateMiner} per service assigns each message
 * to a template; this class keeps per template its {@link TemplateStats}, says when a template is
 * new after the service's warm-up, publishes templates as {@link LogTemplate} records, and judges
 * the count of each template per interval with the metric side's detector ({@link
 * TemplateRateMonitor}). Holds settings only; the caller keeps per service the miner and per
 * template the stats, the detector's state, the {@link AlertEpisode} and the open alerts, and
 * closes the intervals of a service in order, empty ones included.
 *
 * @param <S> what the metric detector learns about one count series
 */
public final class TemplateWatch<S> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Resolution reason of a new-template alert: it was announced, one interval later it ends. */
  public static final String ANNOUNCED = "announced";

  private final TemplateWatchSettings settings;
  private final TemplateRateMonitor<S> rates;

  public TemplateWatch(TemplateWatchSettings settings, TemplateRateMonitor<S> rates) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.rates = Objects.requireNonNull(rates, "rates");
  }

  public TemplateWatchSettings settings() {
    return settings;
  }

  public TemplateRateMonitor<S> rates() {
    return rates;
  }

  /** A miner that goes on from {@code state}, or a fresh one when it is null. */
  public TemplateMiner miner(TemplateMinerState state) {
    return state == null
        ? new TemplateMiner(settings.miner())
        : TemplateMiner.restore(settings.miner(), state);
  }

  /**
   * What one message did.
   *
   * @param stats the template's stats after counting the message (new ones included)
   * @param minerChanged whether the miner's templates changed (a template founded or generalised):
   *     then its state must be written
   * @param published the template's record for quell.templates when it is new or its text changed,
   *     else null
   */
  public record Mined(TemplateStats stats, boolean minerChanged, LogTemplate published) {}

  /**
   * Counts a message the miner just assigned ({@code match}).
   *
   * @param stats the template's stats so far, or null when it has none (new, or expired)
   * @param serviceFirstSeenAt event time of the service's first event, for the warm-up
   * @param at event time of the message
   */
  public Mined count(
      String service,
      TemplateMatch match,
      TemplateStats stats,
      long serviceFirstSeenAt,
      long at,
      String message) {
    String text = match.template();
    boolean changed;
    if (stats == null) {
      stats = TemplateStats.first(match.templateId(), text, message, at);
      changed = true;
    } else {
      changed = !text.equals(stats.getText());
      if (changed) {
        stats.setText(text); // generalised: same id, new text
      }
    }
    stats.count(at, Intervals.startOf(at, settings.intervalMs()));
    if (match.created() && at - serviceFirstSeenAt >= settings.warmUpMs()) {
      stats.setAnnounce(true);
    }
    boolean minerChanged = match.created() || changed;
    LogTemplate published = minerChanged ? publish(service, stats) : null;
    return new Mined(stats, minerChanged, published);
  }

  /**
   * What closing one interval did to one template.
   *
   * @param alerts to send, in order
   * @param openRate the template-rate alert firing now, or null
   * @param openNew the new-template alert firing now, or null
   * @param announced whether a new-template alert was sent (it counts against the interval's cap)
   * @param published the template's record for quell.templates when its count doubled since the
   *     last one, else null
   */
  public record Closing(
      List<Alert> alerts,
      Alert openRate,
      Alert openNew,
      boolean announced,
      LogTemplate published) {}

  /**
   * Closes the interval starting at {@code intervalStart} for one template: resolves a new-template
   * alert of the interval before, announces the template if it is new (and {@code mayAnnounce}),
   * and judges its count in the interval.
   *
   * @param state what the detector learned about the template's count series (updated)
   * @param episode the count series' alert episode (updated)
   * @param mayAnnounce false when the interval's cap of new-template alerts is used up: the
   *     template is then learned silently
   * @param serviceLogged whether the service logged anything in the interval: an interval in which
   *     the whole service was silent is not judged (a service that stops, or the end of the input,
   *     is not every template vanishing at once; silence is the expiry's business)
   */
  public Closing closeInterval(
      String service,
      long intervalStart,
      TemplateStats stats,
      S state,
      AlertEpisode episode,
      Alert openRate,
      Alert openNew,
      boolean mayAnnounce,
      boolean serviceLogged) {
    long intervalMs = settings.intervalMs();
    if (intervalStart < Intervals.startOf(stats.getFirstSeenAt(), intervalMs)) {
      // An interval before the template's first message: its count series starts later.
      return new Closing(List.of(), openRate, openNew, false, null);
    }
    List<Alert> alerts = new ArrayList<>(2);
    if (openNew != null) {
      alerts.add(Alerts.resolved(openNew, intervalStart, openNew.getScore(), ANNOUNCED));
      openNew = null;
    }
    long count = stats.close(intervalStart);
    boolean announced = false;
    if (stats.isAnnounce()) {
      stats.setAnnounce(false);
      if (mayAnnounce) {
        openNew =
            TemplateAlerts.newTemplate(
                service, stats, intervalStart, intervalMs, count, settings.newTemplateSeverity());
        alerts.add(openNew);
        announced = true;
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("service", service);
    labels.put(TemplateAlerts.TEMPLATE_LABEL, stats.getTemplateId());
    MetricPoint point =
        MetricPoint.newBuilder()
            .setName(TemplateAlerts.COUNT_SERIES)
            .setLabels(labels)
            .setTimestamp(Instant.ofEpochMilli(intervalStart))
            .setValue(count)
            .build();
    Optional<Alert> rate =
        serviceLogged ? rates.observe(point, state, episode, openRate) : Optional.empty();
    if (rate.isPresent()) {
      Alert alert = rate.get();
      if (alert.getStatus() == AlertStatus.FIRING) {
        alert = TemplateAlerts.rate(alert, service, stats, intervalStart, intervalMs, count);
        openRate = alert;
      } else {
        openRate = null;
      }
      alerts.add(alert);
    }
    LogTemplate published = null;
    if (count > 0 && stats.getCount() >= 2 * stats.getPublishedCount()) {
      published = publish(service, stats);
    }
    return new Closing(alerts, openRate, openNew, announced, published);
  }

  /**
   * What one tick did, for the caller's metrics.
   *
   * @param announced new-template alerts sent
   * @param notAnnounced new templates learned silently because the interval's cap was used up
   * @param forgotten templates forgotten (silent, evicted from the miner, or the service expired)
   */
  public record Tick(int announced, int notAnnounced, int forgotten) {}

  /**
   * Closes the interval starting at {@code intervalStart} for every template of one service, as
   * {@link #closeInterval} does for one: earliest templates first (they get the interval's cap of
   * new-template alerts), an interval in which the service logged nothing is not judged, and
   * templates that fell silent, were evicted from the miner or whose service expires are forgotten
   * (their alerts resolved first).
   *
   * @param tickAt event time of the tick (the interval's last millisecond)
   * @param live the ids of the templates the miner still has
   * @param serviceExpires whether the service is forgotten at this tick: every template goes
   */
  public Tick tick(
      String service,
      long intervalStart,
      long tickAt,
      Set<String> live,
      boolean serviceExpires,
      TemplateStore<S> store,
      Consumer<Alert> alerts,
      Consumer<LogTemplate> published)
      throws Exception {
    List<TemplateStats> all = new ArrayList<>();
    boolean serviceLogged = false;
    for (TemplateStats template : store.stats()) {
      all.add(template);
      serviceLogged |= template.countIn(intervalStart) > 0;
    }
    all.sort(
        Comparator.comparingLong(TemplateStats::getFirstSeenAt)
            .thenComparing(TemplateStats::getTemplateId));
    int announceable = settings.maxNewAlertsPerInterval();
    int announced = 0;
    int notAnnounced = 0;
    int forgotten = 0;
    for (TemplateStats template : all) {
      String id = template.getTemplateId();
      if (serviceExpires || !live.contains(id) || silent(template, tickAt)) {
        expire(template, store.episode(id), store.openRate(id), store.openNew(id)).forEach(alerts);
        store.forget(id);
        forgotten++;
        continue;
      }
      S model = store.model(id);
      if (model == null) {
        model = rates.newState();
      }
      AlertEpisode episode = store.episode(id);
      if (episode == null) {
        episode = new AlertEpisode();
      }
      boolean wasNew = template.isAnnounce();
      Closing closing =
          closeInterval(
              service,
              intervalStart,
              template,
              model,
              episode,
              store.openRate(id),
              store.openNew(id),
              announced < announceable,
              serviceLogged);
      if (closing.announced()) {
        announced++;
      } else if (wasNew && !template.isAnnounce()) {
        notAnnounced++;
      }
      closing.alerts().forEach(alerts);
      store.save(
          template,
          model,
          episode.isIdle() ? null : episode,
          closing.openRate(),
          closing.openNew());
      if (closing.published() != null) {
        published.accept(closing.published());
      }
    }
    return new Tick(announced, notAnnounced, forgotten);
  }

  /** Whether a template has had no message for its expiry at event time {@code now}. */
  public boolean silent(TemplateStats stats, long now) {
    return stats.getLastSeenAt() + settings.templateExpiryMs() <= now;
  }

  /**
   * Forgets a template (it fell silent, was evicted from the miner, or its service expired): the
   * resolutions of its firing alerts, if any. The episode is idle afterwards.
   */
  public List<Alert> expire(
      TemplateStats stats, AlertEpisode episode, Alert openRate, Alert openNew) {
    List<Alert> alerts = new ArrayList<>(2);
    if (openNew != null) {
      alerts.add(
          Alerts.resolved(openNew, stats.getLastSeenAt(), openNew.getScore(), Alerts.FELL_SILENT));
    }
    if (episode != null) {
      rates.expire(episode, openRate, stats.getLastSeenAt()).ifPresent(alerts::add);
    }
    return alerts;
  }

  /** The record of a template on quell.templates; notes its count as published. */
  private static LogTemplate publish(String service, TemplateStats stats) {
    stats.setPublishedCount(stats.getCount());
    return LogTemplate.newBuilder()
        .setTemplateId(stats.getTemplateId())
        .setService(service)
        .setTemplate(stats.getText())
        .setExampleMessage(stats.getExampleMessage())
        .setCount(stats.getCount())
        .setFirstSeen(Instant.ofEpochMilli(stats.getFirstSeenAt()))
        .setLastSeen(Instant.ofEpochMilli(stats.getLastSeenAt()))
        .build();
  }
}
