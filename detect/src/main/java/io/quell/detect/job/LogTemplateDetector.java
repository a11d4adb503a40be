/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import io.quell.detect.core.AlertEpisode;
import io.quell.detect.core.Intervals;
import io.quell.detect.core.logs.TemplateStats;
import io.quell.detect.core.logs.TemplateStore;
import io.quell.detect.core.logs.TemplateWatch;
import io.quell.detect.core.logs.template.MinedTemplate;
import io.quell.detect.core.logs.template.TemplateMatch;
import io.quell.detect.core.logs.template.TemplateMiner;
import io.quell.detect.core.logs.template.TemplateMinerState;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogTemplate;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Mines log templates per service and alerts on new templates and on template rates: the Flink side
 * of {@link TemplateWatch}, keyed by service.
 *
 * <p>Each event is mined when it arrives (template ids come from content, so the order does not
 * change them) and counted for its template in the event-time interval it falls in. The miner lives
 * in {@value #MINER_STATE}, written whenever its templates change (a template founded or
 * generalised); between such changes the operator works on a copy in memory, rebuilt from the state
 * on the key's first event after a restore. One timer per service ticks at the end of each
 * interval, as in {@link ErrorBurstDetector}: when the watermark passes it, every template of the
 * service is closed for the interval (zero messages count: that is how a vanished template shows;
 * but an interval in which the whole service logged nothing is not judged), new templates are
 * announced and the next tick is registered. An event whose interval has already closed is dropped
 * (counted in {@code lateEventsDropped}).
 *
 * <p>Templates go to the side output {@link #TEMPLATES} (for quell.templates) when they are founded
 * or generalised and whenever their count has doubled since the last record.
 *
 * <p>State is bounded and cleared in event time: a template without a message for the template
 * expiry, or evicted from the miner (its cap), loses its stats, rate state and alerts (resolved
 * first); a service without an event for the service expiry loses everything, its miner included.
 *
 * @param <S> what the metric detector learns about one template's count series
 */
public class LogTemplateDetector<S> extends KeyedProcessFunction<String, LogEvent, Alert> {
  private static final long serialVersionUID = 1L;

  /** Mined templates for quell.templates. */
  public static final OutputTag<LogTemplate> TEMPLATES =
      new OutputTag<>("log-templates", TypeInformation.of(LogTemplate.class));

  /** The service's miner (its templates); written when they change, cleared on expiry. */
  static final String MINER_STATE = "template-miner";

  /** Per template id: text, example, counts; removed when the template expires. */
  static final String STATS_STATE = "template-stats";

  /** Per template id: what the metric detector learned of its count series; removed with it. */
  static final String RATE_MODEL_STATE = "template-rate-models";

  /** Per template id: the count series' alert life cycle; removed whenever it is idle. */
  static final String EPISODE_STATE = "template-rate-episodes";

  /** Per template id: the FIRING template-rate alert last sent; removed when it resolves. */
  static final String OPEN_RATE_STATE = "open-rate-alerts";

  /** Per template id: the FIRING new-template alert; removed one interval later. */
  static final String OPEN_NEW_STATE = "open-new-template-alerts";

  /** Event time of the service's first event (for the warm-up); cleared on expiry. */
  static final String FIRST_SEEN_STATE = "first-seen";

  /** Last event's time and the next tick; cleared on expiry. */
  static final String CLOCK_STATE = "clock";

  private final TemplateWatch<S> watch;
  private final long intervalMs;
  private final long expiryMs;

  private transient ValueState<TemplateMinerState> minerState;
  private transient MapState<String, TemplateStats> stats;
  private transient MapState<String, S> models;
  private transient MapState<String, AlertEpisode> episodes;
  private transient MapState<String, Alert> openRate;
  private transient MapState<String, Alert> openNew;
  private transient ValueState<Long> firstSeen;
  private transient ValueState<ActivityClock> clock;
  private transient TemplateStore<S> store;
  // The miners of this subtask's services, rebuilt from MINER_STATE on a key's first event after a
  // (re)start; the state is the truth, this only saves restoring the miner for every event.
  private transient Map<String, TemplateMiner> miners;
  private transient Counter lateEvents;
  private transient Counter alertsFiring;
  private transient Counter alertsResolved;
  private transient Counter templatesFounded;
  private transient Counter newTemplatesNotAnnounced;
  private transient Counter templatesExpired;
  private transient Counter servicesExpired;

  /**
   * @param expiry event time without a log event after which a service is forgotten; longer than an
   *     interval
   */
  public LogTemplateDetector(TemplateWatch<S> watch, Duration expiry) {
    this.watch = Objects.requireNonNull(watch, "watch");
    this.intervalMs = watch.settings().intervalMs();
    this.expiryMs = expiry.toMillis();
    if (expiryMs <= intervalMs) {
      throw new IllegalArgumentException("expiry must be longer than an interval");
    }
  }

  @Override
  public void open(OpenContext openContext) {
    var context = getRuntimeContext();
    minerState =
        context.getState(
            new ValueStateDescriptor<>(MINER_STATE, TypeInformation.of(TemplateMinerState.class)));
    stats =
        context.getMapState(
            new MapStateDescriptor<>(
                STATS_STATE, Types.STRING, TypeInformation.of(TemplateStats.class)));
    models =
        context.getMapState(
            new MapStateDescriptor<>(
                RATE_MODEL_STATE, Types.STRING, TypeInformation.of(watch.rates().stateType())));
    episodes =
        context.getMapState(
            new MapStateDescriptor<>(
                EPISODE_STATE, Types.STRING, TypeInformation.of(AlertEpisode.class)));
    openRate =
        context.getMapState(
            new MapStateDescriptor<>(
                OPEN_RATE_STATE, Types.STRING, TypeInformation.of(Alert.class)));
    openNew =
        context.getMapState(
            new MapStateDescriptor<>(
                OPEN_NEW_STATE, Types.STRING, TypeInformation.of(Alert.class)));
    firstSeen = context.getState(new ValueStateDescriptor<>(FIRST_SEEN_STATE, Types.LONG));
    clock =
        context.getState(
            new ValueStateDescriptor<>(CLOCK_STATE, TypeInformation.of(ActivityClock.class)));
    miners = new HashMap<>();
    store = new KeyedStore();
    var metrics = context.getMetricGroup();
    lateEvents = metrics.counter("lateEventsDropped");
    alertsFiring = metrics.counter("alertsFiring");
    alertsResolved = metrics.counter("alertsResolved");
    templatesFounded = metrics.counter("templatesFounded");
    newTemplatesNotAnnounced = metrics.counter("newTemplatesNotAnnounced");
    templatesExpired = metrics.counter("templatesExpired");
    servicesExpired = metrics.counter("servicesExpired");
  }

  @Override
  public void processElement(LogEvent event, Context ctx, Collector<Alert> out) throws Exception {
    long at = event.getTimestamp().toEpochMilli();
    long start = Intervals.startOf(at, intervalMs);
    long closeAt = Intervals.lastMillisOf(start, intervalMs);
    if (closeAt <= ctx.timerService().currentWatermark()) {
      lateEvents.inc();
      return;
    }
    String service = ctx.getCurrentKey();
    Long first = firstSeen.value();
    if (first == null || at < first) {
      first = at;
      firstSeen.update(at);
    }
    TemplateMiner miner = miner(service);
    String message = event.getMessage();
    TemplateMatch match = miner.mine(message);
    TemplateWatch.Mined mined =
        watch.count(service, match, stats.get(match.templateId()), first, at, message);
    stats.put(match.templateId(), mined.stats());
    if (mined.minerChanged()) {
      minerState.update(miner.snapshot());
    }
    if (match.created()) {
      templatesFounded.inc();
    }
    if (mined.published() != null) {
      ctx.output(TEMPLATES, mined.published());
    }
    clock.update(ActivityClock.tickingAt(clock.value(), at, closeAt, ctx.timerService()));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    ActivityClock activity = clock.value();
    if (activity == null || activity.getTimerAt() != timestamp) {
      return;
    }
    String service = ctx.getCurrentKey();
    long start = timestamp - intervalMs + 1;
    Set<String> live = new HashSet<>();
    if (minerState.value() != null) {
      for (MinedTemplate template : miner(service).templates()) {
        live.add(template.getId());
      }
    }
    boolean serviceExpires = Intervals.plus(activity.getLastSeenAt(), expiryMs) <= timestamp;
    TemplateWatch.Tick tick =
        watch.tick(
            service,
            start,
            timestamp,
            live,
            serviceExpires,
            store,
            alert -> emit(alert, out),
            template -> ctx.output(TEMPLATES, template));
    newTemplatesNotAnnounced.inc(tick.notAnnounced());
    templatesExpired.inc(tick.forgotten());
    if (serviceExpires) {
      minerState.clear();
      stats.clear();
      models.clear();
      episodes.clear();
      openRate.clear();
      openNew.clear();
      firstSeen.clear();
      clock.clear();
      miners.remove(service);
      servicesExpired.inc();
      return;
    }
    long next = Intervals.plus(timestamp, intervalMs);
    activity.setTimerAt(next);
    ctx.timerService().registerEventTimeTimer(next);
    clock.update(activity);
  }

  private TemplateMiner miner(String service) throws Exception {
    TemplateMiner miner = miners.get(service);
    if (miner == null) {
      miner = watch.miner(minerState.value());
      miners.put(service, miner);
    }
    return miner;
  }

  private void emit(Alert alert, Collector<Alert> out) {
    if (alert.getStatus() == AlertStatus.FIRING) {
      alertsFiring.inc();
    } else {
      alertsResolved.inc();
    }
    out.collect(alert);
  }

  /** The current service's templates in the keyed map states. */
  private final class KeyedStore implements TemplateStore<S> {
    @Override
    public Iterable<TemplateStats> stats() throws Exception {
      return stats.values();
    }

    @Override
    public S model(String templateId) throws Exception {
      return models.get(templateId);
    }

    @Override
    public AlertEpisode episode(String templateId) throws Exception {
      return episodes.get(templateId);
    }

    @Override
    public Alert openRate(String templateId) throws Exception {
      return openRate.get(templateId);
    }

    @Override
    public Alert openNew(String templateId) throws Exception {
      return openNew.get(templateId);
    }

    @Override
    public void save(TemplateStats template, S model, AlertEpisode episode, Alert rate, Alert fresh)
        throws Exception {
      String id = template.getTemplateId();
      stats.put(id, template);
      models.put(id, model);
      putOrRemove(episodes, id, episode);
      putOrRemove(openRate, id, rate);
      putOrRemove(openNew, id, fresh);
    }

    @Override
    public void forget(String templateId) throws Exception {
      stats.remove(templateId);
      models.remove(templateId);
      episodes.remove(templateId);
      openRate.remove(templateId);
      openNew.remove(templateId);
    }
  }

  private static <V> void putOrRemove(MapState<String, V> state, String id, V value)
      throws Exception {
    if (value == null) {
      state.remove(id);
    } else {
      state.put(id, value);
    }
  }
}
