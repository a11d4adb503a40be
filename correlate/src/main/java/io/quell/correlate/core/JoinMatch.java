/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.JoinRuleKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why an alert may join an incident: which rule matched, against which member, and how strongly
 * (when an alert relates to several incidents, the strongest match wins).
 *
 * @param kind the rule
 * @param strength higher wins; see the constants
 * @param relatedFingerprint the member the rule matched against
 * @param detail the match in words
 * @param path for topology matches, the services from the alert's to the member's, both included
 * @param sharedLabels for shared-label matches, the labels shared with the member
 * @param templateId for template matches, the log template both carry
 * @param dependencyOfMember for topology matches, whether the alert's service is a dependency of
 *     the member's (the member calls it, directly or through a chain of calls): a possible cause of
 *     the incident rather than an effect of it
 */
public record JoinMatch(
    JoinRuleKind kind,
    int strength,
    String relatedFingerprint,
    String detail,
    List<String> path,
    Map<String, String> sharedLabels,
    String templateId,
    boolean dependencyOfMember) {

  /** The alert is about a service that already has alerts in the incident. */
  public static final int SAME_SERVICE = 40;

  /**
   * The alert's service calls a service of the incident: a failing dependency explains the alert,
   * the direction in which faults spread.
   */
  public static final int CALLS_MEMBER = 30;

  /** A service of the incident calls the alert's service. */
  public static final int CALLED_BY_MEMBER = 20;

  /**
   * The alert carries the same log template as a member: the same failure seen in two places. Below
   * a direct "calls a member" edge, above a direct "called by a member" one.
   */
  public static final int SAME_TEMPLATE = 25;

  /**
   * A member's service is two edges away; one less per further edge (never below {@link
   * #SHARED_LABELS} + 1).
   */
  public static final int TWO_HOPS = 15;

  /** An alert without a service shares name and grouping labels with a member. */
  public static final int SHARED_LABELS = 10;

  public JoinMatch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(relatedFingerprint, "relatedFingerprint");
    path = path == null ? List.of() : List.copyOf(path);
    sharedLabels = sharedLabels == null ? Map.of() : Map.copyOf(sharedLabels);
  }

  /** A match that does not say which way a fault may have spread. */
  public JoinMatch(
      JoinRuleKind kind,
      int strength,
      String relatedFingerprint,
      String detail,
      List<String> path,
      Map<String, String> sharedLabels,
      String templateId) {
    this(kind, strength, relatedFingerprint, detail, path, sharedLabels, templateId, false);
  }

  /** A match without structured evidence (the detail says it all). */
  public JoinMatch(JoinRuleKind kind, int strength, String relatedFingerprint, String detail) {
    this(kind, strength, relatedFingerprint, detail, List.of(), Map.of(), null);
  }

  /** For topology matches, the member's service (where the path ends); else null. */
  public String memberService() {
    return kind == JoinRuleKind.TOPOLOGY && !path.isEmpty() ? path.get(path.size() - 1) : null;
  }

  /** The strength of a topology match over {@code hops} edges (more than one). */
  public static int hops(int hops) {
    return Math.max(SHARED_LABELS + 1, TWO_HOPS - (hops - 2));
  }
}
