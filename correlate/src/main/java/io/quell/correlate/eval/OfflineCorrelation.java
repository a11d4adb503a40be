/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.eval;

import io.quell.correlate.CorrelateOptions;
import io.quell.correlate.core.AlertTimes;
import io.quell.correlate.core.Correlator;
import io.quell.correlate.core.InMemoryIncidentStore;
import io.quell.correlate.core.Topology;
import io.quell.correlate.core.suppress.AlertLabels;
import io.quell.correlate.core.suppress.DeployMarkers;
import io.quell.correlate.core.suppress.Inhibitor;
import io.quell.correlate.core.suppress.SilenceBook;
import io.quell.correlate.core.suppress.SilenceRule;
import io.quell.correlate.core.suppress.SourceAlert;
import io.quell.correlate.core.suppress.StandardSuppressor;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Silence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Plays a finite, known set of alerts through the {@link Correlator} the way the correlate job
 * hands them over once the watermark passed them: one instant at a time in event-time order,
 * deadlines (group waits, quiet periods, close periods, silence boundaries) run out in between,
 * inhibition targets held for their rules' lateness, inhibiting alerts remembered as they come,
 * deploy markers opening windows, silences known from the start. Then it follows every firing alert
 * episode (a fingerprint and one start) to the incident it ended up in, through merges, from the
 * published versions alone, as a consumer sees them.
 *
 * <p>Offline, in memory and deterministic: for evaluation ({@code quell eval correlate}) and
 * benchmarks. Not for unbounded input: nothing is pruned.
 */
public final class OfflineCorrelation {

  /**
   * One published incident version and the event time at which it was published.
   *
   * @param at event time (epoch ms)
   */
  public record Published(long at, Incident incident) {}

  /**
   * What a play produced.
   *
   * @param versions every incident version, in publication order
   * @param alerts every firing alert episode, with its fault (from the attribution given) and the
   *     incident it ended up in
   * @param rootCauses ranked root-cause services (best first) of each surviving incident, from its
   *     last version
   * @param alertRecords alert records handed to the correlator (firing and resolved)
   * @param nanos wall time of the play
   */
  public record Result(
      List<Published> versions,
      List<ScoredAlert> alerts,
      Map<String, List<String>> rootCauses,
      int alertRecords,
      long nanos) {

    /** Alert records handled per second of wall time. */
    public double alertsPerSecond() {
      return nanos == 0 ? 0 : alertRecords * 1e9 / nanos;
    }

    /** Distinct incidents that were published and not merged into another. */
    public long survivingIncidents() {
      return rootCauses.size();
    }
  }

  private final CorrelateOptions options;
  private final Topology topology;
  private final List<Silence> silences;

  /**
   * @param options the correlate settings (grouping, lifecycle, suppression) as the job reads them
   * @param topology the call graph, fixed for the play
   * @param silences silences and maintenance windows known from the start
   */
  public OfflineCorrelation(
      CorrelateOptions options, Topology topology, Collection<Silence> silences) {
    this.options = options;
    this.topology = topology;
    this.silences = List.copyOf(silences);
  }

  /**
   * Plays {@code alerts} (any order).
   *
   * @param causeOf the fault id that caused a firing alert on a service (may be null) at a start,
   *     or null for noise
   */
  public Result play(List<Alert> alerts, BiFunction<String, Long, String> causeOf) {
    long began = System.nanoTime();
    Inhibitor inhibitor = options.suppression().inhibitor(options.settings().resolveQuietPeriod());
    SilenceBook book = new SilenceBook();
    for (Silence silence : silences) {
      book.apply(silence.getId(), silence);
    }
    Map<String, SourceAlert> sources = new LinkedHashMap<>();
    TreeMap<String, SilenceRule> deployWindows = new TreeMap<>();
    InMemoryIncidentStore store = InMemoryIncidentStore.sharing();
    Correlator correlator =
        new Correlator(
            options.settings(),
            store,
            topology,
            new StandardSuppressor(book, deployWindows.values(), inhibitor, sources.values()));

    // What arrives when: sources and deploy markers at their own event time, everything else at
    // its event time (targets of inhibition rules after their lateness).
    TreeMap<Long, List<Alert>> pending = new TreeMap<>();
    TreeMap<Long, List<Alert>> arrivals = new TreeMap<>();
    int records = 0;
    for (Alert alert : alerts) {
      long eventTime = AlertTimes.eventTime(alert);
      arrivals.computeIfAbsent(eventTime, t -> new ArrayList<>()).add(alert);
      if (DeployMarkers.isDeploy(alert)) {
        continue;
      }
      records++;
      OptionalLong hold = inhibitor.holdFor(AlertLabels.of(alert));
      long at = hold.isPresent() ? AlertTimes.plus(eventTime, hold.getAsLong()) : eventTime;
      pending.computeIfAbsent(at, t -> new ArrayList<>()).add(alert);
    }

    Tracker tracker = new Tracker(causeOf);
    Arrivals arrived =
        new Arrivals(arrivals, inhibitor, sources, deployWindows, options.suppression());
    long last = Long.MIN_VALUE;
    for (Map.Entry<Long, List<Alert>> batch : pending.entrySet()) {
      long at = batch.getKey();
      runDeadlines(correlator, arrived, tracker, at - 1);
      arrived.upTo(at);
      List<Incident> versions = correlator.onAlerts(at, batch.getValue());
      for (Alert alert : batch.getValue()) {
        tracker.handed(alert);
      }
      tracker.published(at, versions);
      last = at;
    }
    if (last != Long.MIN_VALUE) {
      long horizon =
          AlertTimes.plus(
              last,
              options.settings().maxLifetime().toMillis()
                  + options.settings().closeAfter().toMillis()
                  + options.settings().resolveQuietPeriod().toMillis());
      runDeadlines(correlator, arrived, tracker, horizon);
    }
    return tracker.result(records, System.nanoTime() - began);
  }

  /** Lets every deadline up to {@code time} run out, one instant at a time. */
  private static void runDeadlines(
      Correlator correlator, Arrivals arrived, Tracker tracker, long time) {
    long previous = Long.MIN_VALUE;
    while (true) {
      OptionalLong next = correlator.nextDeadline();
      if (next.isEmpty() || next.getAsLong() > time || next.getAsLong() <= previous) {
        break;
      }
      long due = next.getAsLong();
      arrived.upTo(due);
      tracker.published(due, correlator.advanceTo(due));
      previous = due;
    }
    arrived.upTo(time);
    tracker.published(time, correlator.advanceTo(time));
  }

  /** Inhibiting alerts and deploy markers, taken in as event time reaches them. */
  private static final class Arrivals {
    private final TreeMap<Long, List<Alert>> byTime;
    private final Inhibitor inhibitor;
    private final Map<String, SourceAlert> sources;
    private final Map<String, SilenceRule> deployWindows;
    private final io.quell.correlate.core.suppress.SuppressionSettings suppression;

    Arrivals(
        TreeMap<Long, List<Alert>> byTime,
        Inhibitor inhibitor,
        Map<String, SourceAlert> sources,
        Map<String, SilenceRule> deployWindows,
        io.quell.correlate.core.suppress.SuppressionSettings suppression) {
      this.byTime = byTime;
      this.inhibitor = inhibitor;
      this.sources = sources;
      this.deployWindows = deployWindows;
      this.suppression = suppression;
    }

    void upTo(long time) {
      while (!byTime.isEmpty() && byTime.firstKey() <= time) {
        Map.Entry<Long, List<Alert>> entry = byTime.pollFirstEntry();
        for (Alert alert : entry.getValue()) {
          if (DeployMarkers.isDeploy(alert)) {
            Silence window = DeployMarkers.window(alert, suppression.deployWindow());
            if (window != null) {
              deployWindows.put(window.getId(), SilenceRule.of(window));
            }
            continue;
          }
          Map<String, String> labels = AlertLabels.of(alert);
          if (inhibitor.isSource(labels)) {
            String fingerprint = alert.getFingerprint();
            sources.put(
                fingerprint,
                inhibitor.record(
                    sources.get(fingerprint),
                    fingerprint,
                    labels,
                    alert.getStatus(),
                    alert.getStartsAt().toEpochMilli(),
                    alert.getEndsAt() == null ? null : alert.getEndsAt().toEpochMilli(),
                    entry.getKey()));
          }
        }
      }
    }
  }

  /**
   * Follows alert episodes into incidents, as a consumer of the published versions sees them: an
   * episode belongs to the first version published at or after its start that lists its
   * fingerprint, and moves on with that incident when it merges into another ({@code mergedInto}).
   */
  private static final class Tracker {
    private final BiFunction<String, Long, String> causeOf;
    private final List<Published> versions = new ArrayList<>();
    private final Map<String, Episode> episodes = new LinkedHashMap<>();
    private final Map<String, List<Episode>> unlisted = new HashMap<>();
    private final Map<String, Incident> lastVersion = new HashMap<>();
    private final Map<String, String> successors = new HashMap<>();

    Tracker(BiFunction<String, Long, String> causeOf) {
      this.causeOf = causeOf;
    }

    void handed(Alert alert) {
      if (alert.getStatus() != AlertStatus.FIRING) {
        return;
      }
      long startsAt = alert.getStartsAt().toEpochMilli();
      String key = alert.getFingerprint() + "@" + startsAt;
      if (episodes.containsKey(key)) {
        return;
      }
      Episode episode = new Episode(alert, startsAt);
      episodes.put(key, episode);
      unlisted.computeIfAbsent(alert.getFingerprint(), f -> new ArrayList<>()).add(episode);
    }

    void published(long at, List<Incident> incidents) {
      for (Incident incident : incidents) {
        versions.add(new Published(at, incident));
        if (incident.getMergedInto() != null) {
          successors.put(incident.getId(), incident.getMergedInto());
          continue;
        }
        lastVersion.put(incident.getId(), incident);
        for (MemberAlert member : incident.getAlerts()) {
          List<Episode> waiting = unlisted.get(member.getFingerprint());
          if (waiting == null) {
            continue;
          }
          waiting.removeIf(
              episode -> {
                if (episode.startsAt > at) {
                  return false;
                }
                episode.incidentId = incident.getId();
                episode.publishedAt = at;
                episode.muted = member.getSuppression() != null;
                return true;
              });
        }
      }
    }

    /** The incident that {@code id} ended up in, following merges. */
    private String resolve(String id) {
      String current = id;
      for (int hops = 0; hops < 10_000 && successors.containsKey(current); hops++) {
        current = successors.get(current);
      }
      return current;
    }

    Result result(int records, long nanos) {
      List<ScoredAlert> scored = new ArrayList<>();
      for (Episode episode : episodes.values()) {
        Alert alert = episode.alert;
        scored.add(
            new ScoredAlert(
                alert.getFingerprint(),
                alert.getName(),
                alert.getService(),
                episode.startsAt,
                causeOf == null ? null : causeOf.apply(alert.getService(), episode.startsAt),
                episode.incidentId == null ? null : resolve(episode.incidentId),
                episode.publishedAt,
                episode.muted));
      }
      Map<String, List<String>> rootCauses = new TreeMap<>();
      lastVersion.forEach(
          (id, incident) -> {
            if (!successors.containsKey(id)) {
              rootCauses.put(
                  id,
                  incident.getRootCauses().stream()
                      .sorted(Comparator.comparingInt(RootCauseCandidate::getRank))
                      .map(RootCauseCandidate::getService)
                      .toList());
            }
          });
      return new Result(List.copyOf(versions), scored, rootCauses, records, nanos);
    }
  }

  private static final class Episode {
    final Alert alert;
    final long startsAt;
    String incidentId;
    Long publishedAt;
    boolean muted;

    Episode(Alert alert, long startsAt) {
      this.alert = alert;
      this.startsAt = startsAt;
    }
  }
}
