/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import java.util.List;
import java.util.Optional;

/**
 * Where the correlator keeps its incidents and which incident each alert fingerprint belongs to.
 * The Flink job backs it with keyed map state; tests and offline evaluation use {@link
 * InMemoryIncidentStore}.
 *
 * <p>Implementations may hand out copies: the correlator saves every incident it changed and never
 * relies on a change to an object it read being visible without {@link #save}.
 */
public interface IncidentStore {

  Optional<IncidentState> find(String incidentId);

  /** Inserts or replaces the incident with this id. */
  void save(IncidentState incident);

  void delete(String incidentId);

  /** Every stored incident, in no particular order. */
  List<IncidentState> all();

  /** The incident the alert with this fingerprint belongs to. */
  Optional<String> incidentOf(String fingerprint);

  void assign(String fingerprint, String incidentId);

  void unassign(String fingerprint);
}
