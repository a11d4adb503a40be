/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Action ids: {@code <rule>/<step index>/<32 hex digits>}, the digits being the first half of the
 * SHA-256 of the incident id. The same incident, rule and step always give the same id, so a replay
 * or a re-emission after lost state produces an action that receivers recognise by its idempotency
 * key. The incident version is left out on purpose: a rule fires once per incident, whichever
 * version first matches.
 *
 * <p>Incident ids are chosen by the correlator and may hold any character; hashing keeps the id
 * short, unambiguous and safe as an HTTP header value. The incident id travels beside it in every
 * action and result.
 */
public final class ActionIds {

  /** What a rule name may look like: it becomes part of ids, state keys and metric labels. */
  public static final Pattern RULE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private ActionIds() {}

  /** The id of step {@code stepIndex} of {@code rule} for the incident {@code incidentId}. */
  public static String of(String incidentId, String rule, int stepIndex) {
    Objects.requireNonNull(incidentId, "incidentId");
    requireRuleName(rule);
    if (stepIndex < 0) {
      throw new IllegalArgumentException("stepIndex must not be negative: " + stepIndex);
    }
    return rule + "/" + stepIndex + "/" + incidentHash(incidentId);
  }

  /**
   * The id of step {@code stepIndex} of {@code rule} in the {@code episode}-th time the rule fired
   * for the incident (an incident that resolves and comes back starts a new episode). Episode 1 has
   * the plain id of {@link #of(String, String, int)}; later ones end in {@code -<episode>}.
   */
  public static String of(String incidentId, String rule, int stepIndex, int episode) {
    String id = of(incidentId, rule, stepIndex);
    return episode <= 1 ? id : id + "-" + episode;
  }

  /** The id of the resolve notification that follows the action {@code actionId}. */
  public static String resolveOf(String actionId) {
    return actionId + "/resolve";
  }

  /**
   * A key that is the same for every step of one episode of {@code rule} for the incident: the
   * PagerDuty dedup key, so that the resolve event closes what the trigger opened.
   */
  public static String dedupKey(String incidentId, String rule, int episode) {
    String key = requireRuleName(rule) + "/" + incidentHash(incidentId);
    return episode <= 1 ? key : key + "-" + episode;
  }

  /** Checks that {@code rule} is a legal rule name and returns it. */
  public static String requireRuleName(String rule) {
    if (rule == null || !RULE_NAME.matcher(rule).matches()) {
      throw new IllegalArgumentException(
          "Rule name '" + rule + "' must match " + RULE_NAME.pattern());
    }
    return rule;
  }

  private static String incidentHash(String incidentId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(incidentId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
