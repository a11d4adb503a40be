/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /** For a topology join: the services from this alert's to the related member's. */
  public List<String> joinPath = new ArrayList<>();

  /** For a shared-labels join: the labels shared with the related member. */
  public Map<String, String> joinLabels = new TreeMap<>();

  /** For a template join: the template both carry. */
  public String joinTemplate;

  /** The log template the alert is about ({@link SameTemplateRule#templateOf}), or null. */
  public String templateId;

  /** Highest anomaly score the alert carried (0 to 1), or null for alerts without one. */
  public Double score;

  /** Whether the alert flaps (see {@link CorrelationSettings#flapFlips()}). */
  public boolean flapping;

  /** Event times of its latest flips between firing and resolved, oldest first (bounded). */
  public List<Long> flips = new ArrayList<>();

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
    copy.joinPath = new ArrayList<>(joinPath);
    copy.joinLabels = new TreeMap<>(joinLabels);
    copy.joinTemplate = joinTemplate;
    copy.templateId = templateId;
    copy.score = score;
    copy.flapping = flapping;
    copy.flips = new ArrayList<>(flips);
    return copy;
  }

  boolean firing() {
    return status == AlertStatus.FIRING;
  }

  /** Firing, or flapping (a flapping alert is held as firing whatever its latest status). */
  boolean active() {
    return flapping || firing();
  }
}
