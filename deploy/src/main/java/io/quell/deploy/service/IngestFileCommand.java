/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.service;

import io.quell.deploy.config.ConfigMixin;
import io.quell.ingest.file.FileShipper;
import io.quell.ingest.file.FileShipperOptions;
import io.quell.ingest.file.FileShipperSettings;
import io.quell.ingest.file.ShipperStats;
import io.quell.ingest.publish.KafkaRecordPublisher;
import io.quell.ingest.publish.PublishException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quell ingest file}: ship log files (or stdin) to quell.logs. */
@Command(
    name = "file",
    mixinStandardHelpOptions = true,
    description = {
      "Ship log files (or stdin: -) as events to quell.logs, keyed by --service.",
      "Reads every file to its end and stops; with --follow keeps reading as files",
      "grow and rotate (rename-and-create, copytruncate) until Ctrl-C. Java stack",
      "traces are joined to the line before them. The position Kafka acknowledged",
      "is kept per file in a state file: a restart neither loses nor repeats lines.",
      "Settings: quell.ingest.file.* (docs/configuration.md); flags override them."
    })
public final class IngestFileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigMixin config;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Log files to ship; - for stdin. With --follow a file may not exist yet.")
  List<Path> paths;

  @Option(
      names = {"-s", "--service"},
      paramLabel = "NAME",
      description = "Service the lines belong to (the record key). Required here or in the config.")
  String service;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep reading as the files grow and are rotated, until Ctrl-C.")
  boolean follow;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "State file of the positions (default: $XDG_STATE_HOME/quell/ingest-file-<service>.json,"
              + " or ~/.local/state/quell/...).")
  Path state;

  @Option(
      names = "--host",
      paramLabel = "NAME",
      description = "Host written into the events (default: this machine's name).")
  String host;

  @Option(
      names = "--from-end",
      description = "Start files without a saved position at their end (only new lines).")
  boolean fromEnd;

  @Option(
      names = "--multiline",
      paramLabel = "MODE",
      description = "How lines become events: continuation (default), start or none.")
  FileShipperSettings.Multiline multiline;

  @Option(
      names = "--continuation-pattern",
      paramLabel = "REGEX",
      description = "Lines matching REGEX (at their start) join the event before them.")
  String continuationPattern;

  @Option(
      names = "--start-pattern",
      paramLabel = "REGEX",
      description =
          "Events start only at lines matching REGEX; others join the one before (implies"
              + " --multiline start).")
  String startPattern;

  @Option(
      names = "--poll-interval",
      paramLabel = "MS",
      description = "With --follow, wait between two looks at quiet files (default 250).")
  Long pollIntervalMillis;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress lines on stderr, only the summary and errors.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> settings = config.load();
    putIfGiven(settings, FileShipperOptions.SERVICE.key(), service);
    putIfGiven(settings, FileShipperOptions.HOST.key(), host);
    putIfGiven(settings, FileShipperOptions.STATE_FILE.key(), state);
    putIfGiven(settings, FileShipperOptions.CONTINUATION_PATTERN.key(), continuationPattern);
    putIfGiven(settings, FileShipperOptions.START_PATTERN.key(), startPattern);
    putIfGiven(settings, FileShipperOptions.POLL_INTERVAL.key(), pollIntervalMillis);
    if (fromEnd) {
      settings.put(FileShipperOptions.START_AT.key(), "end");
    }
    if (multiline != null) {
      settings.put(
          FileShipperOptions.MULTILINE_MODE.key(), multiline.name().toLowerCase(Locale.ROOT));
    } else if (startPattern != null) {
      settings.put(FileShipperOptions.MULTILINE_MODE.key(), "start");
    }
    FileShipperSettings shipperSettings;
    try {
      shipperSettings = FileShipperSettings.fromConfig(settings, follow);
    } catch (IllegalArgumentException e) {
      err.println("quell ingest file: " + e.getMessage());
      err.flush();
      return 2;
    }
    boolean files = paths.stream().anyMatch(p -> !p.toString().equals("-"));
    err.printf(
        "Shipping %s as %s to Kafka %s%s%s%n",
        paths,
        shipperSettings.service(),
        settings.getOrDefault("bootstrap.servers", "127.0.0.1:9092"),
        follow ? ", following (Ctrl-C stops)" : "",
        files ? "; positions in " + shipperSettings.stateFile() : "");
    err.flush();
    try (KafkaRecordPublisher publisher = new KafkaRecordPublisher(settings, "file")) {
      FileShipper shipper = new FileShipper(paths, shipperSettings, publisher);
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                shipper.stop();
                try {
                  // Let the batch in hand be acknowledged and the positions be saved.
                  finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "quell-file-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        shipper.run(progress(err));
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // The JVM is already stopping (Ctrl-C): the hook is running.
        }
      }
      return 0;
    } catch (NoSuchFileException e) {
      err.println("quell ingest file: no such file: " + e.getFile() + " (use --follow to wait)");
      return 1;
    } catch (IllegalStateException | IOException | PublishException e) {
      err.println("quell ingest file: " + e.getMessage());
      return 1;
    } finally {
      err.flush();
    }
  }

  private FileShipper.ProgressListener progress(PrintWriter err) {
    return (stats, elapsed, done) -> {
      if (quiet && !done) {
        return;
      }
      err.println((done ? "Done: " : "  ") + describe(stats, elapsed));
      err.flush();
    };
  }

  static String describe(ShipperStats.Snapshot stats, Duration elapsed) {
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%d lines in %d events, %s shipped in %.1f s (%.0f lines/s)",
                stats.linesShipped(),
                stats.eventsShipped(),
                bytes(stats.bytesShipped()),
                seconds,
                stats.linesShipped() / seconds));
    if (stats.rotations() > 0 || stats.truncations() > 0) {
      text.append(
          String.format(
              Locale.ROOT,
              "; %d rotations, %d truncations",
              stats.rotations(),
              stats.truncations()));
    }
    if (stats.cutLines() > 0 || stats.droppedLines() > 0) {
      text.append(
          String.format(
              Locale.ROOT,
              "; %d long lines cut, %d lines dropped from over-long events",
              stats.cutLines(),
              stats.droppedLines()));
    }
    if (stats.publishRetries() > 0) {
      text.append("; ").append(stats.publishRetries()).append(" batches sent again");
    }
    return text.toString();
  }

  private static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    if (count < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", count / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", count / (1024.0 * 1024));
  }

  private static void putIfGiven(Map<String, String> settings, String key, Object value) {
    if (value != null) {
      settings.put(key, value.toString());
    }
  }
}
