/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import io.quell.ingest.intake.LogEventMapper;
import io.quell.schemas.config.ConfigOption;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checked settings of one file shipper run (see {@link FileShipperOptions} for their meaning).
 *
 * @param service the service of every event, also the record key
 * @param host the host of every event
 * @param stateFile where positions are kept
 * @param startAtEnd whether a file without a saved position is read from its end
 * @param follow whether to keep reading as files grow (else read to the end once and stop)
 * @param pollInterval wait between two looks at quiet files when following
 * @param multiline how lines are grouped into events
 * @param continuationPattern lines joined to the event before them in {@link
 *     Multiline#CONTINUATION} mode
 * @param startPattern lines starting an event in {@link Multiline#START} mode
 * @param maxEventLines most lines of one event
 * @param maxEventBytes most UTF-8 bytes of one event
 * @param flushTimeout how long a pending event waits for more lines once its file is quiet
 * @param maxLineBytes longest line kept whole, in bytes
 * @param batchEvents most events sent before waiting for their acknowledgement
 * @param zone zone of line timestamps without an offset
 * @param progressInterval how often progress is reported; zero for never
 */
public record FileShipperSettings(
    String service,
    String host,
    Path stateFile,
    boolean startAtEnd,
    boolean follow,
    Duration pollInterval,
    Multiline multiline,
    Pattern continuationPattern,
    Pattern startPattern,
    int maxEventLines,
    int maxEventBytes,
    Duration flushTimeout,
    int maxLineBytes,
    int batchEvents,
    ZoneId zone,
    Duration progressInterval) {

  /** How lines are grouped into events. */
  public enum Multiline {
    /** Lines matching the continuation pattern belong to the event before them. */
    CONTINUATION,
    /** An event starts only at a line matching the start pattern. */
    START,
    /** Every line is an event. */
    NONE
  }

  public FileShipperSettings {
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException(
          "A service is required: --service NAME or " + FileShipperOptions.SERVICE.key());
    }
    if (service.length() > LogEventMapper.MAX_SERVICE_LENGTH) {
      throw new IllegalArgumentException(
          "The service name must be at most " + LogEventMapper.MAX_SERVICE_LENGTH + " characters");
    }
    positive(FileShipperOptions.MAX_EVENT_LINES, maxEventLines);
    positive(FileShipperOptions.BATCH_EVENTS, batchEvents);
    if (maxLineBytes < 256) {
      throw new IllegalArgumentException(
          "Setting '"
              + FileShipperOptions.MAX_LINE_BYTES.key()
              + "' must be at least 256 but is "
              + maxLineBytes);
    }
    if (maxEventBytes < maxLineBytes + 128) {
      throw new IllegalArgumentException(
          "Setting '"
              + FileShipperOptions.MAX_EVENT_BYTES.key()
              + "' must be at least "
              + FileShipperOptions.MAX_LINE_BYTES.key()
              + " + 128 ("
              + (maxLineBytes + 128)
              + ") but is "
              + maxEventBytes);
    }
    if (pollInterval.isZero()) {
      throw new IllegalArgumentException(
          "Setting '" + FileShipperOptions.POLL_INTERVAL.key() + "' must be more than 0");
    }
  }

  private static void positive(ConfigOption<Integer> option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "Setting '" + option.key() + "' must be at least 1 but is " + value);
    }
  }

  /**
   * The settings in {@code config} ({@code quell.ingest.file.*}), checked.
   *
   * @param follow whether to follow the files (a flag, not a setting)
   * @throws IllegalArgumentException naming the first bad setting
   */
  public static FileShipperSettings fromConfig(Map<String, ?> config, boolean follow) {
    FileShipperOptions.validate(config);
    String service = FileShipperOptions.SERVICE.read(config).strip();
    String host = FileShipperOptions.HOST.read(config).strip();
    if (host.isEmpty()) {
      host = localHostName();
    }
    String state = FileShipperOptions.STATE_FILE.read(config).strip();
    Path stateFile = state.isEmpty() ? defaultStateFile(service, System.getenv()) : Path.of(state);
    String startAt = FileShipperOptions.START_AT.read(config).strip().toLowerCase(Locale.ROOT);
    if (!startAt.equals("beginning") && !startAt.equals("end")) {
      throw new IllegalArgumentException(
          "Setting '"
              + FileShipperOptions.START_AT.key()
              + "' must be beginning or end but is '"
              + startAt
              + "'");
    }
    String mode = FileShipperOptions.MULTILINE_MODE.read(config).strip();
    Multiline multiline;
    try {
      multiline = Multiline.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Setting '"
              + FileShipperOptions.MULTILINE_MODE.key()
              + "' must be continuation, start or none but is '"
              + mode
              + "'",
          e);
    }
    String zoneText = FileShipperOptions.TIMEZONE.read(config).strip();
    ZoneId zone;
    try {
      zone = zoneText.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "Setting '"
              + FileShipperOptions.TIMEZONE.key()
              + "' is not a time zone: '"
              + zoneText
              + "'",
          e);
    }
    return new FileShipperSettings(
        service,
        host,
        stateFile,
        startAt.equals("end"),
        follow,
        FileShipperOptions.POLL_INTERVAL.read(config),
        multiline,
        pattern(FileShipperOptions.CONTINUATION_PATTERN, config),
        pattern(FileShipperOptions.START_PATTERN, config),
        FileShipperOptions.MAX_EVENT_LINES.read(config),
        FileShipperOptions.MAX_EVENT_BYTES.read(config),
        FileShipperOptions.FLUSH_TIMEOUT.read(config),
        FileShipperOptions.MAX_LINE_BYTES.read(config),
        FileShipperOptions.BATCH_EVENTS.read(config),
        zone,
        FileShipperOptions.PROGRESS_INTERVAL.read(config));
  }

  private static Pattern pattern(ConfigOption<String> option, Map<String, ?> config) {
    String text = option.read(config);
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "Setting '" + option.key() + "' is not a regular expression: " + e.getDescription(), e);
    }
  }

  /**
   * Where positions are kept when no state file is given: {@code
   * $XDG_STATE_HOME/quell/ingest-file-<service>.json}, or under {@code ~/.local/state/quell} when
   * XDG_STATE_HOME is not set. One file per service, so that shippers of different services do not
   * share one.
   */
  public static Path defaultStateFile(String service, Map<String, String> env) {
    String xdg = env.get("XDG_STATE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    String safe = service.strip().replaceAll("[^A-Za-z0-9._-]", "_");
    return base.resolve("quell").resolve("ingest-file-" + safe + ".json");
  }

  /** The name of this machine: HOSTNAME, else what the resolver says, else "localhost". */
  static String localHostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  public FileShipperSettings withFollow(boolean otherFollow) {
    return new FileShipperSettings(
        service,
        host,
        stateFile,
        startAtEnd,
        otherFollow,
        pollInterval,
        multiline,
        continuationPattern,
        startPattern,
        maxEventLines,
        maxEventBytes,
        flushTimeout,
        maxLineBytes,
        batchEvents,
        zone,
        progressInterval);
  }
}
