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
 * An {@link IncidentStore} in plain maps. By default it copies on every read and write, as a
 * serializing state backend (RocksDB) does, so that a forgotten {@code save} shows in tests; {@link
 * #sharing()} makes one that hands out the stored objects themselves, as Flink's heap state backend
 * does, for offline plays and benchmarks where the copies would be most of the work.
 */
public final class InMemoryIncidentStore implements IncidentStore {

  private final Map<String, IncidentState> incidents = new HashMap<>();
  private final Map<String, String> incidentByFingerprint = new HashMap<>();
  private final boolean copies;

  /** A store that copies on every read and write. */
  public InMemoryIncidentStore() {
    this(true);
  }

  private InMemoryIncidentStore(boolean copies) {
    this.copies = copies;
  }

  /**
   * A store that keeps and hands out the objects it is given. The correlator behaves the same with
   * it (it saves every change and reads nothing back that it did not save), only without the
   * copying.
   */
  public static InMemoryIncidentStore sharing() {
    return new InMemoryIncidentStore(false);
  }

  @Override
  public Optional<IncidentState> find(String incidentId) {
    return Optional.ofNullable(incidents.get(incidentId)).map(this::copyOf);
  }

  @Override
  public void save(IncidentState incident) {
    incidents.put(incident.id, copyOf(incident));
  }

  private IncidentState copyOf(IncidentState incident) {
    return copies ? incident.copy() : incident;
  }

  @Override
  public void delete(String incidentId) {
    incidents.remove(incidentId);
  }

  @Override
  public List<IncidentState> all() {
    List<IncidentState> all = new ArrayList<>(incidents.size());
    incidents.values().forEach(incident -> all.add(copyOf(incident)));
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
