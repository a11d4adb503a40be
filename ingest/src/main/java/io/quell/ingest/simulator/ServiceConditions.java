/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.schemas.avro.LogLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * How one service behaves during one step: starts from its healthy state and is changed by the
 * faults that reach it. Faults multiply latency, add to the error ratio and CPU, scale throughput
 * and add log lines.
 */
public final class ServiceConditions {

  /** A log line a fault adds, as a template whose placeholders are filled in later. */
  public record ExtraLog(LogLevel level, String template, String via) {}

  private final Service service;
  private double throughputFactor = 1;
  private double latencyFactor = 1;
  private double extraErrorRatio;
  private double extraCpu;
  private double cpuFactor = 1;
  private double cpuFloor;
  private double memoryFill;
  private boolean restarted;
  private double extraSaturation;
  private final List<ExtraLog> extraLogs = new ArrayList<>();

  ServiceConditions(Service service) {
    this.service = service;
  }

  public Service service() {
    return service;
  }

  /** Latency becomes {@code factor} times as long (factors of several faults multiply). */
  public void slowDown(double factor) {
    latencyFactor *= Math.max(1, factor);
  }

  /** A further share of requests fails (shares of several faults add up, capped at 1). */
  public void addErrorRatio(double ratio) {
    extraErrorRatio += Math.max(0, ratio);
  }

  /** CPU usage rises by {@code share} of a core (capped at 1 in the end). */
  public void addCpu(double share) {
    extraCpu += Math.max(0, share);
  }

  /** Fewer requests get through: the rate is multiplied by {@code factor} (0 to 1). */
  public void reduceThroughput(double factor) {
    throughputFactor *= Math.min(1, Math.max(0, factor));
  }

  /** CPU usage is multiplied by {@code factor} (0 to 1), e.g. for a drained service. */
  public void reduceCpu(double factor) {
    cpuFactor *= Math.min(1, Math.max(0, factor));
  }

  /** CPU usage is at least {@code share} (0 to 1) in this step, as under a burst of work. */
  public void raiseCpuTo(double share) {
    cpuFloor = Math.max(cpuFloor, Math.min(1, share));
  }

  /**
   * Memory has filled {@code share} (0 to 1) of the headroom between the service's normal usage and
   * its limit, as a leak does; several faults take the largest share.
   */
  public void fillMemory(double share) {
    memoryFill = Math.max(memoryFill, Math.min(1, Math.max(0, share)));
  }

  /** The process restarted in this step: its memory starts again from a fresh heap. */
  public void restart() {
    restarted = true;
  }

  /** The service's pool or queue is {@code share} fuller (utilisation capped at 1 in the end). */
  public void addSaturation(double share) {
    extraSaturation += Math.max(0, share);
  }

  /**
   * Adds a log line. Placeholders in braces are filled in: {@code {via}} with the dependency the
   * fault came through, others as {@link LogTemplates} documents.
   */
  public void log(LogLevel level, String template, String via) {
    extraLogs.add(new ExtraLog(level, template, via));
  }

  double throughputFactor() {
    return throughputFactor;
  }

  double latencyFactor() {
    return latencyFactor;
  }

  double extraErrorRatio() {
    return extraErrorRatio;
  }

  double extraCpu() {
    return extraCpu;
  }

  double cpuFactor() {
    return cpuFactor;
  }

  double cpuFloor() {
    return cpuFloor;
  }

  double memoryFill() {
    return memoryFill;
  }

  boolean restarted() {
    return restarted;
  }

  double extraSaturation() {
    return extraSaturation;
  }

  List<ExtraLog> extraLogs() {
    return extraLogs;
  }

  /** Whether any fault changed this service in this step. */
  public boolean isDisturbed() {
    return latencyFactor > 1
        || extraErrorRatio > 0
        || extraCpu > 0
        || throughputFactor < 1
        || cpuFactor < 1
        || cpuFloor > 0
        || memoryFill > 0
        || restarted
        || extraSaturation > 0
        || !extraLogs.isEmpty();
  }
}
