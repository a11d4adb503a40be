/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.testing;

import io.quell.correlate.core.AlertTimes;
import io.quell.correlate.core.CorrelationSettings;
import io.quell.correlate.core.Correlator;
import io.quell.correlate.core.InMemoryIncidentStore;
import io.quell.correlate.core.InMemoryTopology;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.TopologyEdge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives the plain-Java correlator the way the Flink operator does, without Flink: alerts batched
 * by event time and handed over in time order.
 */
public final class Replay {

  public final InMemoryIncidentStore store = new InMemoryIncidentStore();
  public final InMemoryTopology topology = new InMemoryTopology();
  private final Correlator correlator;
  private final List<Incident> published = new ArrayList<>();

  public Replay(CorrelationSettings settings) {
    this.correlator = new Correlator(settings, store, topology);
  }

  public Replay() {
    this(CorrelationSettings.defaults());
  }

  public Replay withTopology(Collection<TopologyEdge> edges) {
    edges.forEach(topology::put);
    return this;
  }

  /** Hands the alerts over instant by instant; returns the versions published meanwhile. */
  public List<Incident> alerts(Collection<Alert> alerts) {
    TreeMap<Long, List<Alert>> byTime = new TreeMap<>();
    for (Alert alert : alerts) {
      byTime.computeIfAbsent(AlertTimes.eventTime(alert), t -> new ArrayList<>()).add(alert);
    }
    List<Incident> versions = new ArrayList<>();
    byTime.forEach((time, batch) -> versions.addAll(correlator.onAlerts(time, batch)));
    published.addAll(versions);
    return versions;
  }

  public List<Incident> alerts(Alert... alerts) {
    return alerts(List.of(alerts));
  }

  /** Hands the alerts over as one batch at {@code time}, as for late alerts. */
  public List<Incident> alertsAt(Instant time, Alert... alerts) {
    List<Incident> versions = correlator.onAlerts(time.toEpochMilli(), List.of(alerts));
    published.addAll(versions);
    return versions;
  }

  public List<Incident> advanceTo(Instant time) {
    List<Incident> versions = correlator.advanceTo(time.toEpochMilli());
    published.addAll(versions);
    return versions;
  }

  public Correlator correlator() {
    return correlator;
  }

  /** Every version published so far, in order. */
  public List<Incident> published() {
    return List.copyOf(published);
  }

  /** The latest version of each incident, by id, in order of first publication. */
  public Map<String, Incident> latest() {
    Map<String, Incident> latest = new LinkedHashMap<>();
    published.forEach(incident -> latest.put(incident.getId(), incident));
    return latest;
  }
}
