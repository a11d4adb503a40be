/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import io.quell.ingest.IngestOptions;
import io.quell.schemas.config.ConfigOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings of the file shipper ({@code quell ingest file}), all under {@code
 * quell.ingest.file.}. The command-line flags of {@code quell ingest file} override them. Read from
 * the same map as the connection settings; {@link FileShipperSettings#fromConfig} turns them into
 * checked values.
 */
public final class FileShipperOptions {

  private FileShipperOptions() {}

  /** Prefix of every file shipper setting. */
  public static final String PREFIX = IngestOptions.PREFIX + "file.";

  public static final ConfigOption<String> SERVICE =
      ConfigOption.string(
          PREFIX + "service",
          "",
          "Service the shipped lines belong to (the record key on quell.logs); --service"
              + " overrides it. Required, from here or from the flag.");

  public static final ConfigOption<String> HOST =
      ConfigOption.string(
          PREFIX + "host",
          "",
          "Host written into every event; empty takes the name of this machine. --host overrides"
              + " it.");

  public static final ConfigOption<String> STATE_FILE =
      ConfigOption.string(
          PREFIX + "state-file",
          "",
          "File that keeps, per shipped file, the position Kafka acknowledged (JSON, replaced"
              + " atomically). Empty: ingest-file-<service>.json under $XDG_STATE_HOME/quell, or"
              + " ~/.local/state/quell without XDG_STATE_HOME. --state overrides it.");

  public static final ConfigOption<String> START_AT =
      ConfigOption.string(
          PREFIX + "start-at",
          "beginning",
          "Where to start in a file the state file knows nothing about: beginning or end (only"
              + " lines written from now on). A file with a saved position always resumes there.");

  public static final ConfigOption<Duration> POLL_INTERVAL =
      ConfigOption.millis(
          PREFIX + "poll-interval.ms",
          Duration.ofMillis(250),
          "With --follow, how long to wait before looking again at files that had nothing new, in"
              + " milliseconds; also how quickly rotation and truncation are noticed.");

  public static final ConfigOption<String> MULTILINE_MODE =
      ConfigOption.string(
          PREFIX + "multiline.mode",
          "continuation",
          "How lines are grouped into events: continuation (a line matching"
              + " multiline.continuation-pattern belongs to the event before it), start (an event"
              + " starts only at a line matching multiline.start-pattern) or none (one line, one"
              + " event).");

  public static final ConfigOption<String> CONTINUATION_PATTERN =
      ConfigOption.string(
          PREFIX + "multiline.continuation-pattern",
          "^(\\s|at |Caused by:|Suppressed:|\\.\\.\\.|([a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*"
              + "(Exception|Error|Throwable)(:|$))",
          "Java regular expression, matched at the start of a line, for the lines joined to the"
              + " event before them in continuation mode. The default catches Java stack traces:"
              + " indented lines, 'at ', 'Caused by:', 'Suppressed:', '... 12 more', and a line"
              + " naming an exception class with its package (java.lang.IllegalStateException:"
              + " boom).");

  public static final ConfigOption<String> START_PATTERN =
      ConfigOption.string(
          PREFIX + "multiline.start-pattern",
          "^\\[?\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}",
          "Java regular expression for the first line of an event in start mode; other lines are"
              + " joined to the event before them. The default: a line beginning with an ISO-8601"
              + " date and time.");

  public static final ConfigOption<Integer> MAX_EVENT_LINES =
      ConfigOption.integer(
          PREFIX + "multiline.max-lines",
          500,
          "Most lines joined into one event. Further lines of the same event are dropped and"
              + " counted; the event ends with a line saying how many were dropped.");

  public static final ConfigOption<Integer> MAX_EVENT_BYTES =
      ConfigOption.integer(
          PREFIX + "multiline.max-bytes",
          256 * 1024,
          "Most bytes (UTF-8) of one joined event; lines that would go beyond it are dropped like"
              + " those beyond multiline.max-lines. Keep it below the broker's message.max.bytes.");

  public static final ConfigOption<Duration> FLUSH_TIMEOUT =
      ConfigOption.millis(
          PREFIX + "multiline.flush-timeout.ms",
          Duration.ofSeconds(1),
          "How long an event waits for more continuation lines once its file went quiet, in"
              + " milliseconds, before it is shipped as it is.");

  public static final ConfigOption<Integer> MAX_LINE_BYTES =
      ConfigOption.integer(
          PREFIX + "max-line-bytes",
          64 * 1024,
          "Longest line, in bytes (UTF-8, without the line break). A longer line is cut there and"
              + " ends with a marker saying how many bytes were cut; the event gets the attribute"
              + " truncated=true and the cut is counted.");

  public static final ConfigOption<Integer> BATCH_EVENTS =
      ConfigOption.integer(
          PREFIX + "batch-events",
          5000,
          "Most events sent to Kafka before the shipper waits for their acknowledgement and saves"
              + " the positions (a batch also ends at about 8 MiB of messages).");

  public static final ConfigOption<String> TIMEZONE =
      ConfigOption.string(
          PREFIX + "timezone",
          "",
          "Time zone of timestamps in lines that carry none (2026-03-01 08:00:00,123), for"
              + " example UTC or Europe/Berlin; empty takes the zone of this machine.");

  public static final ConfigOption<Duration> PROGRESS_INTERVAL =
      ConfigOption.millis(
          PREFIX + "progress-interval.ms",
          Duration.ofSeconds(10),
          "How often progress (lines, bytes, rate) is written to stderr, in milliseconds; 0 writes"
              + " only the summary at the end.");

  /** Every setting, in the order the configuration reference lists them. */
  public static List<ConfigOption<?>> all() {
    return List.of(
        SERVICE,
        HOST,
        STATE_FILE,
        START_AT,
        POLL_INTERVAL,
        MULTILINE_MODE,
        CONTINUATION_PATTERN,
        START_PATTERN,
        MAX_EVENT_LINES,
        MAX_EVENT_BYTES,
        FLUSH_TIMEOUT,
        MAX_LINE_BYTES,
        BATCH_EVENTS,
        TIMEZONE,
        PROGRESS_INTERVAL);
  }

  /**
   * Whether {@code key} is one of these settings.
   *
   * @see IngestOptions#validate
   */
  public static boolean isKnown(String key) {
    return all().stream().anyMatch(option -> option.key().equals(key));
  }

  /**
   * Checks the file shipper settings in {@code config}: no unknown {@code quell.ingest.file.} key
   * and every value readable. Ranges are checked by {@link FileShipperSettings#fromConfig}.
   */
  public static void validate(Map<String, ?> config) {
    for (String key : config.keySet()) {
      if (key.startsWith(PREFIX) && !isKnown(key)) {
        throw new IllegalArgumentException(
            "Unknown file shipper setting '"
                + key
                + "'; known settings are "
                + all().stream().map(ConfigOption::key).toList());
      }
    }
    for (ConfigOption<?> option : all()) {
      option.read(config);
    }
  }
}
