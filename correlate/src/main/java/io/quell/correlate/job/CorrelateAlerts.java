/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.correlate.core.AlertTimes;
import io.quell.correlate.core.CorrelationSettings;
import io.quell.correlate.core.Correlator;
import io.quell.correlate.core.IncidentState;
import io.quell.correlate.core.suppress.AlertLabels;
import io.quell.correlate.core.suppress.DeployMarkers;
import io.quell.correlate.core.suppress.Inhibitor;
import io.quell.correlate.core.suppress.SilenceBook;
import io.quell.correlate.core.suppress.SilenceRule;
import io.quell.correlate.core.suppress.SourceAlert;
import io.quell.correlate.core.suppress.StandardSuppressor;
import io.quell.correlate.core.suppress.SuppressionSettings;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.TopologyEdge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups alerts into incidents: the thin Flink shell around the plain-Java {@link Correlator}.
 *
 * <p>Alerts wait in keyed state until the watermark passes their event time, then go to the
 * correlator one instant at a time, in event-time order: so alerts that arrive in any order within
 * the out-of-orderness bound give the same incidents. An alert that arrives after the watermark
 * passed it (a late one, such as a repeat that keeps its old start) is handled at the next
 * watermark, as if it had happened just after it. The correlator's own deadlines (the end of a new
 * incident's group wait, when it is first published; quiet period, close period, lifetime) run on
 * the same single event-time timer, so a new incident appears when the watermark passes the end of
 * its group wait, with the alerts and merges of that time folded in.
 *
 * <p>By default all alerts share one key ({@link #SINGLE_KEY}): one grouping instance sees every
 * alert, which keeps grouping correct at any parallelism, at the price of one busy subtask. With
 * topology-component partitioning, {@link RouteAlerts} gives each alert its partition (a connected
 * component of the topology) as the key, and each key is grouped on its own (see the module's
 * README, "Keying and parallelism"). The topology and the silences arrive on the broadcast side and
 * are stored as broadcast state; the silences' compiled form (regular expressions, time zones) is
 * kept in a transient {@link SilenceBook} built from that state.
 *
 * <p>Suppression: deploy markers open deploy windows (keyed state) and never reach the correlator;
 * alerts that may inhibit others are remembered with their firing intervals (keyed state); alerts
 * that are targets of an inhibition rule wait in the pending state until the watermark passed their
 * event time plus the rule's lateness, so every source that could mute them is known whatever the
 * arrival order. The correlator asks a {@link StandardSuppressor} over all of that which members
 * are muted. Silences created, changed or deleted while the job runs reach the published incidents
 * at the next check, every {@code silences.recheck} of event time while incidents exist.
 *
 * <p>State and when it is cleared: the correlator's incidents and fingerprint index (an incident
 * when it closes, which every incident does by the end of its close period or lifetime; at most
 * max-open-incidents of them), the pending alerts (each batch when the watermark passes it; at most
 * max-pending-alerts), the pending count, the wake-up time and the processed-up-to time (all three
 * when nothing is pending and no incident is left), the inhibiting alerts (each when none of its
 * firing intervals can mute anything any more: its end plus the largest lateness) and the deploy
 * windows (each when it ended). So with no open incident, the key holds no state and no timer.
 */
public class CorrelateAlerts
    extends KeyedBroadcastProcessFunction<String, Alert, ControlUpdate, Incident> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CorrelateAlerts.class);

  /** The one key every alert is routed to. */
  public static final String SINGLE_KEY = "all-alerts";

  /**
   * Known edges by {@code caller->callee}. A constant, unlike the keyed descriptors, because the
   * job graph needs it when it broadcasts the topology stream.
   */
  public static final MapStateDescriptor<String, TopologyEdge> TOPOLOGY_STATE =
      new MapStateDescriptor<>("topology", Types.STRING, TypeInformation.of(TopologyEdge.class));

  /** Silences by id, as on the compacted quell.silences. */
  public static final MapStateDescriptor<String, Silence> SILENCES_STATE =
      new MapStateDescriptor<>("silences", Types.STRING, TypeInformation.of(Silence.class));

  static final String INCIDENTS = "incidents";
  static final String INHIBIT_SOURCES = "inhibit-sources";
  static final String DEPLOY_WINDOWS = "deploy-windows";
  static final String INCIDENT_BY_FINGERPRINT = "incident-by-fingerprint";
  static final String PENDING_ALERTS = "pending-alerts";
  static final String PENDING_COUNT = "pending-alert-count";
  static final String WAKE_UP_AT = "wake-up-at";
  static final String PROCESSED_UP_TO = "processed-up-to";

  private final CorrelationSettings settings;
  private final int maxPendingAlerts;
  private final SuppressionSettings suppression;
  private final Inhibitor inhibitor;

  private transient MapState<String, IncidentState> incidents;
  private transient MapState<String, String> incidentByFingerprint;
  private transient MapState<Long, List<Alert>> pendingAlerts;
  private transient ValueState<Integer> pendingCount;
  private transient ValueState<Long> wakeUpAt;
  private transient ValueState<Long> processedUpTo;
  private transient MapState<String, SourceAlert> inhibitSources;
  private transient MapState<String, Silence> deployWindows;
  private transient Counter lateAlerts;
  private transient Counter incidentVersions;
  private transient Counter deployMarkers;

  /** Compiled from the broadcast state when first needed, then kept in step with it. */
  private transient SilenceBook silenceBook;

  public CorrelateAlerts(CorrelationSettings settings, int maxPendingAlerts) {
    this(settings, SuppressionSettings.defaults(), maxPendingAlerts);
  }

  public CorrelateAlerts(
      CorrelationSettings settings, SuppressionSettings suppression, int maxPendingAlerts) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.suppression = Objects.requireNonNull(suppression, "suppression");
    this.maxPendingAlerts = maxPendingAlerts;
    this.inhibitor = suppression.inhibitor(settings.resolveQuietPeriod());
  }

  @Override
  public void open(OpenContext openContext) {
    incidents =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    INCIDENTS, Types.STRING, TypeInformation.of(IncidentState.class)));
    incidentByFingerprint =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(INCIDENT_BY_FINGERPRINT, Types.STRING, Types.STRING));
    pendingAlerts =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    PENDING_ALERTS,
                    Types.LONG,
                    new ListTypeInfo<>(TypeInformation.of(Alert.class))));
    pendingCount =
        getRuntimeContext().getState(new ValueStateDescriptor<>(PENDING_COUNT, Types.INT));
    wakeUpAt = getRuntimeContext().getState(new ValueStateDescriptor<>(WAKE_UP_AT, Types.LONG));
    processedUpTo =
        getRuntimeContext().getState(new ValueStateDescriptor<>(PROCESSED_UP_TO, Types.LONG));
    inhibitSources =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    INHIBIT_SOURCES, Types.STRING, TypeInformation.of(SourceAlert.class)));
    deployWindows =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    DEPLOY_WINDOWS, Types.STRING, TypeInformation.of(Silence.class)));
    silenceBook = null;
    deployMarkers = getRuntimeContext().getMetricGroup().counter("deployMarkers");
    lateAlerts = getRuntimeContext().getMetricGroup().counter("lateAlerts");
    incidentVersions = getRuntimeContext().getMetricGroup().counter("incidentVersions");
  }

  @Override
  public void processElement(Alert alert, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    long eventTime = AlertTimes.eventTime(alert);
    long at = eventTime;
    if (watermark != Long.MIN_VALUE && at <= watermark) {
      lateAlerts.inc();
      at = watermark + 1;
    }
    if (DeployMarkers.isDeploy(alert)) {
      openDeployWindow(alert, ctx);
      return;
    }
    Map<String, String> labels = AlertLabels.of(alert);
    if (inhibitor.isSource(labels)) {
      String fingerprint = alert.getFingerprint();
      inhibitSources.put(
          fingerprint,
          inhibitor.record(
              inhibitSources.get(fingerprint),
              fingerprint,
              labels,
              alert.getStatus(),
              alert.getStartsAt().toEpochMilli(),
              alert.getEndsAt() == null ? null : alert.getEndsAt().toEpochMilli(),
              at));
      wakeUpNoLaterThan(ctx.timerService(), at);
    }
    OptionalLong hold = inhibitor.holdFor(labels);
    if (hold.isPresent()) {
      // A target waits until every source that could still mute it has arrived.
      at = Math.max(at, AlertTimes.plus(eventTime, hold.getAsLong()));
    }
    Long processed = processedUpTo.value();
    if (processed != null && at < processed) {
      at = processed;
    }
    List<Alert> batch = pendingAlerts.get(at);
    if (batch == null) {
      batch = new ArrayList<>(1);
    }
    batch.add(alert);
    pendingAlerts.put(at, batch);
    int count = (pendingCount.value() == null ? 0 : pendingCount.value()) + 1;
    pendingCount.update(count);
    Long wakeUp = wakeUpAt.value();
    if (wakeUp == null || at < wakeUp) {
      wakeUpAt(ctx.timerService(), at);
    }
    if (count > maxPendingAlerts) {
      handleEarliestOutOfTurn(ctx, out);
    }
  }

  private void openDeployWindow(Alert marker, ReadOnlyContext ctx) throws Exception {
    deployMarkers.inc();
    Silence window = DeployMarkers.window(marker, suppression.deployWindow());
    if (window == null) {
      LOG.debug("deploy marker {} opens no window", marker.getFingerprint());
      return;
    }
    deployWindows.put(window.getId(), window);
    wakeUpNoLaterThan(ctx.timerService(), window.getStartsAt().toEpochMilli());
  }

  @Override
  public void processBroadcastElement(ControlUpdate control, Context ctx, Collector<Incident> out)
      throws Exception {
    if (control.topology() != null) {
      TopologyUpdate update = control.topology();
      BroadcastState<String, TopologyEdge> edges = ctx.getBroadcastState(TOPOLOGY_STATE);
      if (update.isRemoval()) {
        edges.remove(update.key());
      } else {
        edges.put(update.key(), update.edge());
      }
      return;
    }
    SilenceUpdate update = control.silence();
    BroadcastState<String, Silence> silences = ctx.getBroadcastState(SILENCES_STATE);
    SilenceBook book = silenceBook(silences);
    if (update.isRemoval()) {
      silences.remove(update.key());
      book.remove(update.key());
    } else if (book.apply(update.key(), update.silence()).isPresent()) {
      silences.put(update.key(), update.silence());
    } else {
      // Not compilable (the book logged why): it replaces and so deletes the previous version.
      silences.remove(update.key());
    }
    // Expired silences go once their end is a retention behind event time. The watermark may
    // differ between subtasks; only the subtask of the single key reads the silences, and an
    // expired silence mutes nothing anywhere, so the copies agree on every answer.
    long watermark = ctx.currentWatermark();
    if (watermark != Long.MIN_VALUE) {
      for (String id : book.expired(watermark, suppression.silenceRetention().toMillis())) {
        LOG.info("dropping silence {}: it expired", id);
        silences.remove(id);
        book.remove(id);
      }
    }
  }

  private SilenceBook silenceBook(
      org.apache.flink.api.common.state.ReadOnlyBroadcastState<String, Silence> silences)
      throws Exception {
    if (silenceBook == null) {
      SilenceBook book = new SilenceBook();
      for (Map.Entry<String, Silence> entry : silences.immutableEntries()) {
        book.apply(entry.getKey(), entry.getValue());
      }
      silenceBook = book;
    }
    return silenceBook;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    Long wakeUp = wakeUpAt.value();
    if (wakeUp != null && wakeUp <= timestamp) {
      wakeUpAt.clear();
    }
    // Everything up to the watermark is complete: no alert at or before it is still to come.
    long upTo = ctx.timerService().currentWatermark();
    Correlator correlator = correlator(ctx);
    List<Long> due = new ArrayList<>();
    for (Long at : pendingAlerts.keys()) {
      if (at <= upTo) {
        due.add(at);
      }
    }
    due.sort(null);
    for (Long at : due) {
      handleBatch(correlator, at, out);
    }
    publish(correlator.advanceTo(upTo), out);
    if (!suppression.recheck().isZero()) {
      publish(correlator.recheckSuppression(upTo), out);
    }
    if (processedUpTo.value() == null || processedUpTo.value() < upTo) {
      processedUpTo.update(upTo);
    }
    forgetSuppressionStateBefore(upTo);
    scheduleNext(correlator, ctx.timerService());
  }

  /** Drops deploy windows that ended and inhibiting alerts that can mute nothing any more. */
  private void forgetSuppressionStateBefore(long time) throws Exception {
    List<String> ended = new ArrayList<>();
    for (Map.Entry<String, Silence> entry : deployWindows.entries()) {
      if (entry.getValue().getEndsAt().toEpochMilli() <= time) {
        ended.add(entry.getKey());
      }
    }
    for (String id : ended) {
      deployWindows.remove(id);
    }
    Map<String, SourceAlert> kept = new HashMap<>();
    List<String> forgotten = new ArrayList<>();
    for (Map.Entry<String, SourceAlert> entry : inhibitSources.entries()) {
      SourceAlert left = inhibitor.prune(entry.getValue(), time);
      if (left == null) {
        forgotten.add(entry.getKey());
      } else {
        kept.put(entry.getKey(), left);
      }
    }
    for (String fingerprint : forgotten) {
      inhibitSources.remove(fingerprint);
    }
    if (!kept.isEmpty()) {
      // Even an empty putAll would leave an (empty) entry behind in some backends.
      inhibitSources.putAll(kept);
    }
  }

  private void handleEarliestOutOfTurn(ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    Long earliest = null;
    for (Long at : pendingAlerts.keys()) {
      earliest = earliest == null || at < earliest ? at : earliest;
    }
    LOG.warn(
        "more than {} alerts wait for the watermark (is a partition stalled?): handling those of"
            + " {} now",
        maxPendingAlerts,
        earliest);
    Correlator correlator = correlator(ctx);
    handleBatch(correlator, earliest, out);
    processedUpTo.update(earliest);
    scheduleNext(correlator, ctx.timerService());
  }

  private void handleBatch(Correlator correlator, long at, Collector<Incident> out)
      throws Exception {
    List<Alert> batch = pendingAlerts.get(at);
    pendingAlerts.remove(at);
    int left = (pendingCount.value() == null ? 0 : pendingCount.value()) - batch.size();
    if (left > 0) {
      pendingCount.update(left);
    } else {
      pendingCount.clear();
    }
    publish(correlator.onAlerts(at, batch), out);
  }

  private void publish(List<Incident> versions, Collector<Incident> out) {
    for (Incident version : versions) {
      LOG.debug(
          "incident {} v{} {}: {}",
          version.getId(),
          version.getVersion(),
          version.getStatus(),
          version.getTitle());
      out.collect(version);
      incidentVersions.inc();
    }
  }

  /**
   * One timer at a time: at the earliest pending batch, correlator deadline, end of a deploy window
   * or of an inhibiting alert, or the next check of the incidents against changed silences.
   */
  private void scheduleNext(Correlator correlator, TimerService timers) throws Exception {
    OptionalLong next = correlator.nextDeadline();
    Long processed = processedUpTo.value();
    if (next.isPresent() && !suppression.recheck().isZero() && processed != null) {
      next =
          OptionalLong.of(
              Math.min(
                  next.getAsLong(), AlertTimes.plus(processed, suppression.recheck().toMillis())));
    }
    for (Long at : pendingAlerts.keys()) {
      if (next.isEmpty() || at < next.getAsLong()) {
        next = OptionalLong.of(at);
      }
    }
    for (Silence window : deployWindows.values()) {
      long end = window.getEndsAt().toEpochMilli();
      if (next.isEmpty() || end < next.getAsLong()) {
        next = OptionalLong.of(end);
      }
    }
    for (SourceAlert source : inhibitSources.values()) {
      long forgetAt = inhibitor.forgetAt(source);
      if (next.isEmpty() || forgetAt < next.getAsLong()) {
        next = OptionalLong.of(forgetAt);
      }
    }
    if (next.isPresent()) {
      wakeUpAt(timers, next.getAsLong());
      return;
    }
    Long wakeUp = wakeUpAt.value();
    if (wakeUp != null) {
      timers.deleteEventTimeTimer(wakeUp);
      wakeUpAt.clear();
    }
    // Nothing pending and no incident left: drop the bookkeeping too.
    pendingCount.clear();
    processedUpTo.clear();
  }

  /** Moves the timer earlier when {@code at} comes before it (or sets one). */
  private void wakeUpNoLaterThan(TimerService timers, long at) throws Exception {
    Long wakeUp = wakeUpAt.value();
    if (wakeUp == null || at < wakeUp) {
      wakeUpAt(timers, at);
    }
  }

  private void wakeUpAt(TimerService timers, long at) throws Exception {
    Long current = wakeUpAt.value();
    if (current != null) {
      if (current == at) {
        return;
      }
      timers.deleteEventTimeTimer(current);
    }
    timers.registerEventTimeTimer(at);
    wakeUpAt.update(at);
  }

  private Correlator correlator(ReadOnlyContext ctx) throws Exception {
    TreeMap<String, SilenceRule> windows = new TreeMap<>();
    for (Map.Entry<String, Silence> entry : deployWindows.entries()) {
      windows.put(entry.getKey(), SilenceRule.of(entry.getValue()));
    }
    List<SourceAlert> sources = new ArrayList<>();
    if (inhibitor.hasRules()) {
      inhibitSources.values().forEach(sources::add);
    }
    return new Correlator(
        settings,
        new FlinkIncidentStore(incidents, incidentByFingerprint),
        new BroadcastTopology(ctx.getBroadcastState(TOPOLOGY_STATE)),
        new StandardSuppressor(
            silenceBook(ctx.getBroadcastState(SILENCES_STATE)),
            windows.values(),
            inhibitor,
            sources));
  }
}
