/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import io.quell.ingest.file.MultilineJoiner.Event;
import io.quell.ingest.publish.PublishException;
import io.quell.ingest.publish.RecordPublisher;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.topic.QuellTopic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships log files (and stdin, named {@code -}) as {@link LogEvent}s to {@code quell.logs}, keyed by
 * service, through a {@link RecordPublisher}: the Kafka one is idempotent with {@code acks=all}.
 *
 * <p>One thread reads every source in turn and collects complete events into a batch (at most about
 * {@code batch-events}); the batch is sent, and only once Kafka has acknowledged all of it are the
 * positions that the batch reaches written to the state file. A pending multi-line event and an
 * unfinished last line are never part of a saved position: after a stop they are read again. So a
 * clean stop repeats nothing and loses nothing; after a crash, the batch that was acknowledged but
 * whose position was not yet written is sent again (at least once).
 *
 * <p>When Kafka cannot take a batch for a reason that passes (unreachable, buffer full), the same
 * batch is sent again after a pause (1 s, doubling up to 30 s) until it is taken or the shipper is
 * stopped; a batch Kafka refuses for good ends the run with the {@link PublishException}. A batch
 * sent again may duplicate the records of it that did reach Kafka.
 */
public final class FileShipper {

  private static final Logger LOG = LoggerFactory.getLogger(FileShipper.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /**
   * Characters of messages after which a batch is sent, whatever batch-events says: well below the
   * producer's buffer (32 MiB by default), so that one batch always fits into it.
   */
  static final long BATCH_CHARS = 8L * 1024 * 1024;

  /** Called with the counters every progress interval, and once at the end. */
  @FunctionalInterface
  public interface ProgressListener {
    ProgressListener NONE = (stats, elapsed, done) -> {};

    /**
     * @param stats the counters now
     * @param elapsed time since the start of the run
     * @param done whether this is the final call of the run
     */
    void progress(ShipperStats.Snapshot stats, Duration elapsed, boolean done);
  }

  private final List<Path> paths;
  private final FileShipperSettings settings;
  private final RecordPublisher publisher;
  private final InputStream stdin;
  private final Clock clock;
  private final ShipperStats stats = new ShipperStats();
  private final LogLineParser parser;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean stopRequested;

  private record Shipped(LogSource source, Event event) {}

  /**
   * @param paths files to ship; {@code -} stands for {@code stdin}
   * @param settings the checked settings (follow or not, multi-line, limits, state file)
   * @param publisher where the events go; not closed by the shipper
   * @param stdin what {@code -} reads
   * @param clock wall-clock time for events whose lines carry none, and for the flush timeout
   */
  public FileShipper(
      List<Path> paths,
      FileShipperSettings settings,
      RecordPublisher publisher,
      InputStream stdin,
      Clock clock) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("Nothing to ship: name at least one file, or -");
    }
    if (paths.stream().filter(FileShipper::isStdin).count() > 1) {
      throw new IllegalArgumentException("- (stdin) can be named once only");
    }
    this.paths = List.copyOf(paths);
    this.settings = settings;
    this.publisher = publisher;
    this.stdin = stdin;
    this.clock = clock;
    this.parser = new LogLineParser(settings.zone());
  }

  public FileShipper(List<Path> paths, FileShipperSettings settings, RecordPublisher publisher) {
    this(paths, settings, publisher, System.in, Clock.systemUTC());
  }

  private static boolean isStdin(Path path) {
    return path.toString().equals("-");
  }

  /** The counters, while it runs and after. */
  public ShipperStats.Snapshot stats() {
    return stats.snapshot();
  }

  /**
   * Asks {@link #run} to return: it finishes the batch in hand (waiting for Kafka as long as Kafka
   * takes it, or giving up when Kafka is unreachable), saves the positions and returns. Pending
   * multi-line events are not shipped; they are read again on the next run.
   */
  public void stop() {
    stopRequested = true;
    wake.release();
  }

  /**
   * Ships until every source is read to its end (without follow; stdin always), or until {@link
   * #stop} (with follow).
   *
   * @return the counters at the end
   * @throws IOException when a file cannot be read or the state file cannot be written
   * @throws PublishException when Kafka refuses a batch for good
   * @throws IllegalStateException when another shipper holds the state file
   */
  public ShipperStats.Snapshot run(ProgressListener listener)
      throws IOException, InterruptedException {
    long startNanos = System.nanoTime();
    boolean anyFile = paths.stream().anyMatch(p -> !isStdin(p));
    PositionStore store = anyFile ? PositionStore.open(settings.stateFile()) : null;
    List<LogSource> sources = new ArrayList<>();
    try {
      for (Path path : paths) {
        if (isStdin(path)) {
          sources.add(new StreamSource("-", stdin, settings, stats, clock, () -> wake.release()));
        } else {
          Path absolute = path.toAbsolutePath().normalize();
          sources.add(
              new FileTailer(absolute, settings, store.get(absolute.toString()), stats, clock));
        }
      }
      LOG.info(
          "Shipping {} as service {} to quell.logs{}{}",
          paths,
          settings.service(),
          settings.follow() ? ", following" : "",
          store == null ? "" : ", positions in " + store.file());
      loop(sources, store, listener, startNanos);
    } finally {
      for (LogSource source : sources) {
        source.close();
      }
      if (store != null) {
        store.close();
      }
    }
    ShipperStats.Snapshot end = stats.snapshot();
    listener.progress(end, Duration.ofNanos(System.nanoTime() - startNanos), true);
    return end;
  }

  private void loop(
      List<LogSource> sources, PositionStore store, ProgressListener listener, long startNanos)
      throws IOException, InterruptedException {
    List<Shipped> batch = new ArrayList<>();
    long[] batchChars = {0};
    long progressEvery = settings.progressInterval().toNanos();
    long nextProgress = startNanos + progressEvery;
    while (true) {
      boolean progressed = false;
      for (LogSource source : sources) {
        progressed |=
            source.poll(
                event -> {
                  batch.add(new Shipped(source, event));
                  batchChars[0] += event.text().length();
                },
                () -> batch.size() >= settings.batchEvents() || batchChars[0] >= BATCH_CHARS);
      }
      batchChars[0] = 0;
      if (!ship(batch, sources, store)) {
        return; // stopped while Kafka was unreachable: the positions stay where Kafka confirmed
      }
      if (stopRequested || sources.stream().allMatch(LogSource::finished)) {
        return;
      }
      long now = System.nanoTime();
      if (progressEvery > 0 && now >= nextProgress) {
        listener.progress(stats.snapshot(), Duration.ofNanos(now - startNanos), false);
        nextProgress = now + progressEvery;
      }
      if (!progressed) {
        // Nothing new anywhere: wait for the next poll, stdin data, or stop().
        wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      }
    }
  }

  /**
   * Sends the batch, waits for Kafka's acknowledgement, then saves the positions the sources have
   * reached. Returns false when it gave up because of {@link #stop}.
   */
  private boolean ship(List<Shipped> batch, List<LogSource> sources, PositionStore store)
      throws IOException, InterruptedException {
    // Every event before these positions is in the batch: they are what the batch acknowledges.
    Map<String, FilePosition> reached = new LinkedHashMap<>();
    for (LogSource source : sources) {
      FilePosition position = source.position();
      if (position != null && store != null && store.differs(source.stateKey(), position)) {
        reached.put(source.stateKey(), position);
      }
    }
    if (!batch.isEmpty()) {
      List<LogEvent> events = new ArrayList<>(batch.size());
      for (Shipped shipped : batch) {
        events.add(toLogEvent(shipped.source(), shipped.event()));
      }
      if (!send(events)) {
        return false;
      }
      long lines = 0;
      long bytes = 0;
      for (Shipped shipped : batch) {
        lines += shipped.event().lines();
        bytes += shipped.event().end() - shipped.event().start();
      }
      stats.eventsShipped.addAndGet(batch.size());
      stats.linesShipped.addAndGet(lines);
      stats.bytesShipped.addAndGet(bytes);
      batch.clear();
    }
    if (!reached.isEmpty()) {
      reached.forEach(store::put);
      store.save();
    }
    return true;
  }

  private boolean send(List<LogEvent> events) throws InterruptedException {
    Duration backoff = Duration.ofSeconds(1);
    while (true) {
      try {
        publisher.publish(QuellTopic.LOGS, events).get();
        return true;
      } catch (ExecutionException e) {
        PublishException error =
            e.getCause() instanceof PublishException p
                ? p
                : new PublishException(
                    PublishException.Reason.KAFKA_REJECTED, String.valueOf(e.getCause()), e);
        if (!error.isRetryable()) {
          throw error;
        }
        if (stopRequested) {
          LOG.warn(
              "Stopping with {} events Kafka did not take ({}); they are sent again on the next"
                  + " run",
              events.size(),
              error.getMessage());
          return false;
        }
        stats.publishRetries.incrementAndGet();
        LOG.warn(
            "Kafka did not take {} events ({}); trying again in {} s",
            events.size(),
            error.getMessage(),
            backoff.toSeconds());
        wake.tryAcquire(backoff.toMillis(), TimeUnit.MILLISECONDS);
        backoff = backoff.multipliedBy(2);
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
          backoff = MAX_BACKOFF;
        }
      }
    }
  }

  private LogEvent toLogEvent(LogSource source, Event event) {
    LogLineParser.Parsed parsed = parser.parse(event.text());
    Map<String, String> attributes = new HashMap<>(parsed.attributes());
    attributes.put("file", source.name());
    attributes.put("offset", Long.toString(event.start()));
    if (event.lines() > 1) {
      attributes.put("lines", Integer.toString(event.lines()));
    }
    if (event.cut()) {
      attributes.put("truncated", "true");
    }
    if (event.droppedLines() > 0) {
      attributes.put("dropped_lines", Integer.toString(event.droppedLines()));
    }
    return LogEvent.newBuilder()
        .setTimestamp(
            java.time.Instant.ofEpochMilli(
                parsed.timestamp() != null ? parsed.timestamp() : event.readAtMillis()))
        .setService(settings.service())
        .setHost(settings.host())
        .setLevel(parsed.level())
        .setMessage(parsed.message())
        .setAttributes(attributes)
        .build();
  }
}
