/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.Severity;
import java.util.HashMap;
import java.util.Map;

/**
 * One alert as a member of an incident, as the correlator keeps it. Public fields and a no-argument
 * constructor make it a Flink POJO, so the job stores it field by field and can evolve it.
 */
public class MemberState {
  public String fingerprint;
  public String name;

  /** Null for alerts without a service. */
  public String service;

  public Severity severity;
  public AlertStatus status;

  /** Event time of the first occurrence in this incident. */
  public long firstSeen;

  /** Event time at which the correlator last heard of the alert. */
  public long lastSeen;

  public long occurrences;
  public JoinRuleKind joinKind;
  public String relatedFingerprint;
  public String joinDetail;

  /**
   * Identity for grouping alerts without a service (name and the configured labels); null for
   * alerts with a service, or when a configured label is missing.
   */
  public String groupKey;

  /**
   * The labels silences and inhibition rules match ({@code AlertLabels}): kept so that a silence
   * created later, or a window that opens later, mutes the member too.
   */
  public Map<String, String> labels = new HashMap<>();

  public MemberState() {}

  MemberState copy() {
    MemberState copy = new MemberState();
    copy.fingerprint = fingerprint;
    copy.name = name;
    copy.service = service;
    copy.severity = severity;
    copy.status = status;
    copy.firstSeen = firstSeen;
    copy.lastSeen = lastSeen;
    copy.occurrences = occurrences;
    copy.joinKind = joinKind;
    copy.relatedFingerprint = relatedFingerprint;
    copy.joinDetail = joinDetail;
    copy.groupKey = groupKey;
    copy.labels = new HashMap<>(labels);
    return copy;
  }

  boolean firing() {
    return status == AlertStatus.FIRING;
  }
}
