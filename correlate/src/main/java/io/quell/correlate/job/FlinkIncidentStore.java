/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.correlate.core.IncidentState;
import io.quell.correlate.core.IncidentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.state.MapState;

/** The correlator's {@link IncidentStore} on the keyed map state of {@link CorrelateAlerts}. */
final class FlinkIncidentStore implements IncidentStore {

  private final MapState<String, IncidentState> incidents;
  private final MapState<String, String> incidentByFingerprint;

  FlinkIncidentStore(
      MapState<String, IncidentState> incidents, MapState<String, String> incidentByFingerprint) {
    this.incidents = incidents;
    this.incidentByFingerprint = incidentByFingerprint;
  }

  @Override
  public Optional<IncidentState> find(String incidentId) {
    return Optional.ofNullable(access(() -> incidents.get(incidentId)));
  }

  @Override
  public void save(IncidentState incident) {
    run(() -> incidents.put(incident.id, incident));
  }

  @Override
  public void delete(String incidentId) {
    run(() -> incidents.remove(incidentId));
  }

  @Override
  public List<IncidentState> all() {
    return access(
        () -> {
          List<IncidentState> all = new ArrayList<>();
          for (IncidentState incident : incidents.values()) {
            all.add(incident);
          }
          return all;
        });
  }

  @Override
  public Optional<String> incidentOf(String fingerprint) {
    return Optional.ofNullable(access(() -> incidentByFingerprint.get(fingerprint)));
  }

  @Override
  public void assign(String fingerprint, String incidentId) {
    run(() -> incidentByFingerprint.put(fingerprint, incidentId));
  }

  @Override
  public void unassign(String fingerprint) {
    run(() -> incidentByFingerprint.remove(fingerprint));
  }

  boolean isEmpty() {
    return access(() -> incidents.isEmpty() && incidentByFingerprint.isEmpty());
  }

  @FunctionalInterface
  private interface StateCall<T> {
    T call() throws Exception;
  }

  @FunctionalInterface
  private interface StateAction {
    void run() throws Exception;
  }

  private static <T> T access(StateCall<T> call) {
    try {
      return call.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot access the correlator's state", e);
    }
  }

  private static void run(StateAction action) {
    access(
        () -> {
          action.run();
          return null;
        });
  }
}
