/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import io.quell.ingest.IngestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * How a scenario is played.
 *
 * @param speed simulated seconds per wall-clock second; 0 plays as fast as the sink takes events
 * @param start event time of the first step, or null for the default: chosen so that the scenario's
 *     end is reached when the play ends (now minus the length, plus the play's wall time), so that
 *     no event is ever in the future and the last ones are current; at speeds below 1 the start is
 *     now
 * @param groundTruthFile file the ground truth is written to before the play, or null for none
 * @param eventsPerSecond when above 0, the play is paced by events instead of simulated time: this
 *     many log lines and metric points per wall-clock second (the speed is then ignored, and the
 *     default start is as at speed 0)
 * @param warmUp calm history played before the scenario, as fast as the sink takes it: this much
 *     simulated time without faults, ending where the scenario starts, so that detectors have
 *     learned the series before the scenario's faults come (zero: none)
 */
public record SimulatorOptions(
    double speed, Instant start, Path groundTruthFile, double eventsPerSecond, Duration warmUp) {

  public SimulatorOptions {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("The speed must be 0 or more, not " + speed);
    }
    if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
      throw new IllegalArgumentException(
          "The events per second must be 0 or more, not " + eventsPerSecond);
    }
    if (warmUp == null) {
      warmUp = Duration.ZERO;
    }
    if (warmUp.isNegative()) {
      throw new IllegalArgumentException("The warm-up must not be negative, not " + warmUp);
    }
  }

  /** Without a warm-up. */
  public SimulatorOptions(
      double speed, Instant start, Path groundTruthFile, double eventsPerSecond) {
    this(speed, start, groundTruthFile, eventsPerSecond, Duration.ZERO);
  }

  /** Paced by simulated time at {@code speed}. */
  public SimulatorOptions(double speed, Instant start, Path groundTruthFile) {
    this(speed, start, groundTruthFile, 0);
  }

  /** Real time (speed 1), default start, no ground truth file. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(1, null, null, 0, Duration.ZERO);
  }

  /** Whether the play is paced by events per second rather than by simulated time. */
  public boolean pacedByEvents() {
    return eventsPerSecond > 0;
  }

  /** Options from the {@code quell.ingest.simulator.*} settings (see {@link IngestOptions}). */
  public static SimulatorOptions fromConfig(Map<String, ?> config) {
    String speedText = IngestOptions.SIMULATOR_SPEED.read(config);
    double speed;
    try {
      speed = Double.parseDouble(speedText.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Setting '"
              + IngestOptions.SIMULATOR_SPEED.key()
              + "' must be a number but is '"
              + speedText
              + "'",
          e);
    }
    String startText = IngestOptions.SIMULATOR_START.read(config);
    Instant start = null;
    if (startText != null && !startText.isBlank()) {
      try {
        start = Instant.parse(startText.strip());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "Setting '"
                + IngestOptions.SIMULATOR_START.key()
                + "' must be an ISO-8601 instant such as 2026-03-01T08:00:00Z but is '"
                + startText
                + "'",
            e);
      }
    }
    String file = IngestOptions.SIMULATOR_GROUND_TRUTH_FILE.read(config);
    int eventsPerSecond = IngestOptions.SIMULATOR_EVENTS_PER_SECOND.read(config);
    if (eventsPerSecond < 0) {
      throw new IllegalArgumentException(
          "Setting '"
              + IngestOptions.SIMULATOR_EVENTS_PER_SECOND.key()
              + "' must be 0 or more but is "
              + eventsPerSecond);
    }
    return new SimulatorOptions(
        speed,
        start,
        file == null || file.isBlank() ? null : Path.of(file.strip()),
        eventsPerSecond,
        IngestOptions.SIMULATOR_WARM_UP.read(config));
  }

  public SimulatorOptions withSpeed(double otherSpeed) {
    return new SimulatorOptions(otherSpeed, start, groundTruthFile, eventsPerSecond, warmUp);
  }

  public SimulatorOptions withStart(Instant otherStart) {
    return new SimulatorOptions(speed, otherStart, groundTruthFile, eventsPerSecond, warmUp);
  }

  public SimulatorOptions withGroundTruthFile(Path file) {
    return new SimulatorOptions(speed, start, file, eventsPerSecond, warmUp);
  }

  /** The same options paced at {@code rate} events per second (0: by simulated time again). */
  public SimulatorOptions withEventsPerSecond(double rate) {
    return new SimulatorOptions(speed, start, groundTruthFile, rate, warmUp);
  }

  /** The same options with {@code calm} history played fast before the scenario. */
  public SimulatorOptions withWarmUp(Duration calm) {
    return new SimulatorOptions(speed, start, groundTruthFile, eventsPerSecond, calm);
  }

  /** The start of a play of {@code length} beginning at wall-clock time {@code now}. */
  public Instant resolveStart(Duration length, Instant now) {
    if (start != null) {
      return start;
    }
    Instant base = now.truncatedTo(ChronoUnit.SECONDS);
    if (speed == 0 || pacedByEvents()) {
      return base.minus(length);
    }
    if (speed <= 1) {
      return base;
    }
    // The play lasts length / speed; ending it at the scenario's end keeps events in the past.
    long playMillis = (long) (length.toMillis() / speed);
    return base.minus(length).plusMillis(playMillis).truncatedTo(ChronoUnit.SECONDS);
  }
}
