/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link IncidentStore} in plain maps. It copies on every read and write, as a serializing state
 * backend does, so that a forgotten {@code save} shows in tests.
 */
public final class InMemoryIncidentStore implements IncidentStore {

  private final Map<String, IncidentState> incidents = new HashMap<>();
  private final Map<String, String> incidentByFingerprint = new HashMap<>();

  @Override
  public Optional<IncidentState> find(String incidentId) {
    return Optional.ofNullable(incidents.get(incidentId)).map(IncidentState::copy);
  }

  @Override
  public void save(IncidentState incident) {
    incidents.put(incident.id, incident.copy());
  }

  @Override
  public void delete(String incidentId) {
    incidents.remove(incidentId);
  }

  @Override
  public List<IncidentState> all() {
    List<IncidentState> all = new ArrayList<>(incidents.size());
    incidents.values().forEach(incident -> all.add(incident.copy()));
    return all;
  }

  @Override
  public Optional<String> incidentOf(String fingerprint) {
    return Optional.ofNullable(incidentByFingerprint.get(fingerprint));
  }

  @Override
  public void assign(String fingerprint, String incidentId) {
    incidentByFingerprint.put(fingerprint, incidentId);
  }

  @Override
  public void unassign(String fingerprint) {
    incidentByFingerprint.remove(fingerprint);
  }

  /** How many fingerprints are assigned: zero once every incident is closed. */
  public int assignedFingerprints() {
    return incidentByFingerprint.size();
  }

  public boolean isEmpty() {
    return incidents.isEmpty() && incidentByFingerprint.isEmpty();
  }
}
