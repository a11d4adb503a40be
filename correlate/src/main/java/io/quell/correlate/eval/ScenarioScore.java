/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The scores of one scenario (or of several added up: {@link #overall}). Counts are kept, ratios
 * are derived from them, so that adding scenarios up weighs each alert, pair and fault once.
 *
 * @param scenario the scenario's name
 * @param alerts firing alert episodes (a fingerprint and one start)
 * @param noiseAlerts those no fault explains
 * @param incidents distinct incidents the alerts ended up in (after merges)
 * @param versions incident versions published
 * @param pairsTogetherRight pairs of alerts of one fault in one incident
 * @param pairsTogetherWrong pairs of alerts of different faults in one incident
 * @param pairsApartWrong pairs of alerts of one fault in different incidents
 * @param plannedAlerts alerts caused by planned work (maintenance)
 * @param plannedMuted of those, muted when first published
 * @param otherMuted alerts not caused by planned work that were muted when first published
 * @param faults per fault
 */
public record ScenarioScore(
    String scenario,
    int alerts,
    int noiseAlerts,
    int incidents,
    int versions,
    long pairsTogetherRight,
    long pairsTogetherWrong,
    long pairsApartWrong,
    int plannedAlerts,
    int plannedMuted,
    int otherMuted,
    List<FaultScore> faults) {

  public ScenarioScore {
    faults = List.copyOf(faults);
  }

  /** 1 − incidents / alerts; empty without alerts. */
  public OptionalDouble compression() {
    return alerts == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(1 - (double) incidents / alerts);
  }

  /** Of the pairs of fault alerts put in one incident, the share of one fault. */
  public OptionalDouble pairwisePrecision() {
    return ratio(pairsTogetherRight, pairsTogetherRight + pairsTogetherWrong);
  }

  /** Of the pairs of alerts of one fault, the share put in one incident. */
  public OptionalDouble pairwiseRecall() {
    return ratio(pairsTogetherRight, pairsTogetherRight + pairsApartWrong);
  }

  /** Faults that caused at least one alert. */
  public int faultsDetected() {
    return (int) faults.stream().filter(FaultScore::detected).count();
  }

  /** Of the detected faults, the share whose main incident names the root first. */
  public OptionalDouble rootCauseTop1() {
    return ratio(faults.stream().filter(FaultScore::top1).count(), faultsDetected());
  }

  /** Of the detected faults, the share whose main incident names the root among its best three. */
  public OptionalDouble rootCauseTop3() {
    return ratio(faults.stream().filter(FaultScore::top3).count(), faultsDetected());
  }

  /** Mean time from a fault's start to its first incident version, over faults that had one. */
  public OptionalDouble meanSecondsToIncident() {
    return faults.stream()
        .filter(f -> f.secondsToIncident() != null)
        .mapToDouble(FaultScore::secondsToIncident)
        .average();
  }

  /** Longest time from a fault's start to its first incident version. */
  public OptionalDouble maxSecondsToIncident() {
    return faults.stream()
        .filter(f -> f.secondsToIncident() != null)
        .mapToDouble(FaultScore::secondsToIncident)
        .max();
  }

  /** The scenarios added up, under the name {@code name}. */
  public static ScenarioScore overall(String name, List<ScenarioScore> scores) {
    int alerts = 0;
    int noise = 0;
    int incidents = 0;
    int versions = 0;
    long right = 0;
    long wrong = 0;
    long apart = 0;
    int planned = 0;
    int plannedMuted = 0;
    int otherMuted = 0;
    List<FaultScore> faults = new ArrayList<>();
    for (ScenarioScore score : scores) {
      alerts += score.alerts;
      noise += score.noiseAlerts;
      incidents += score.incidents;
      versions += score.versions;
      right += score.pairsTogetherRight;
      wrong += score.pairsTogetherWrong;
      apart += score.pairsApartWrong;
      planned += score.plannedAlerts;
      plannedMuted += score.plannedMuted;
      otherMuted += score.otherMuted;
      faults.addAll(score.faults);
    }
    return new ScenarioScore(
        name,
        alerts,
        noise,
        incidents,
        versions,
        right,
        wrong,
        apart,
        planned,
        plannedMuted,
        otherMuted,
        faults);
  }

  private static OptionalDouble ratio(long part, long whole) {
    return whole == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) part / whole);
  }
}
