/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.ingest.publish.PublishException;
import io.quell.ingest.publish.RecordingPublisher;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.topic.QuellTopic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileShipperTest {

  @TempDir Path dir;

  private final RecordingPublisher publisher = new RecordingPublisher();
  private final List<Running> running = new ArrayList<>();

  /** A shipper running on another thread. */
  private record Running(FileShipper shipper, CompletableFuture<ShipperStats.Snapshot> result) {
    ShipperStats.Snapshot stop() throws Exception {
      shipper.stop();
      return result.get(20, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void stopShippers() {
    running.forEach(r -> r.shipper().stop());
  }

  private FileShipperSettings settings(boolean follow, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>();
    config.put(FileShipperOptions.SERVICE.key(), "checkout");
    config.put(FileShipperOptions.HOST.key(), "host-1");
    config.put(FileShipperOptions.STATE_FILE.key(), dir.resolve("state/positions.json").toString());
    config.put(FileShipperOptions.POLL_INTERVAL.key(), "20");
    config.put(FileShipperOptions.FLUSH_TIMEOUT.key(), "150");
    config.put(FileShipperOptions.TIMEZONE.key(), "UTC");
    config.put(FileShipperOptions.PROGRESS_INTERVAL.key(), "0");
    config.putAll(extra);
    return FileShipperSettings.fromConfig(config, follow);
  }

  private ShipperStats.Snapshot shipOnce(Path... paths) throws Exception {
    return new FileShipper(List.of(paths), settings(false, Map.of()), publisher)
        .run(FileShipper.ProgressListener.NONE);
  }

  private Running follow(Map<String, Object> extra, Path... paths) {
    FileShipper shipper = new FileShipper(List.of(paths), settings(true, extra), publisher);
    CompletableFuture<ShipperStats.Snapshot> result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return shipper.run(FileShipper.ProgressListener.NONE);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Running run = new Running(shipper, result);
    running.add(run);
    return run;
  }

  private Running follow(Path... paths) {
    return follow(Map.of(), paths);
  }

  private List<LogEvent> events() {
    return publisher.published().stream()
        .peek(p -> assertThat(p.topic()).isEqualTo(QuellTopic.LOGS))
        .map(p -> (LogEvent) p.value())
        .toList();
  }

  private List<String> messages() {
    return events().stream().map(LogEvent::getMessage).toList();
  }

  private void awaitMessages(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (publisher.published().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(messages()).as("shipped so far").hasSizeGreaterThanOrEqualTo(count);
  }

  private static void append(Path file, String... lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    Files.writeString(
        file,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }

  private static String[] numbered(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> prefix + " " + i).toArray(String[]::new);
  }

  @Test
  void shouldShipEveryLineOfAFileAsAnEventKeyedByServiceAndStopAtItsEnd() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "2026-03-01T08:00:00Z INFO started", "2026-03-01T08:00:01Z ERROR failed");

    ShipperStats.Snapshot stats = shipOnce(log);

    assertThat(messages()).containsExactly("started", "failed");
    LogEvent failed = events().get(1);
    assertThat(failed.getService()).isEqualTo("checkout");
    assertThat(failed.getHost()).isEqualTo("host-1");
    assertThat(failed.getLevel()).isEqualTo(LogLevel.ERROR);
    assertThat(failed.getTimestamp()).isEqualTo(Instant.parse("2026-03-01T08:00:01Z"));
    assertThat(failed.getAttributes())
        .containsEntry("file", log.toAbsolutePath().toString())
        .containsEntry("offset", "34");
    assertThat(publisher.published()).allSatisfy(p -> assertThat(p.key()).isEqualTo("checkout"));
    assertThat(stats.eventsShipped()).isEqualTo(2);
    assertThat(stats.linesShipped()).isEqualTo(2);
    assertThat(stats.bytesShipped()).isEqualTo(Files.size(log));
  }

  @Test
  void shouldShipTheLastLineOfAFileEvenWithoutALineBreak() throws Exception {
    Path log = dir.resolve("app.log");
    Files.writeString(log, "one\ntwo");

    shipOnce(log);

    assertThat(messages()).containsExactly("one", "two");
  }

  @Test
  void shouldJoinAStackTraceToTheLineBeforeIt() throws Exception {
    Path log = dir.resolve("app.log");
    append(
        log,
        "2026-03-01T08:00:00Z ERROR request failed",
        "java.lang.IllegalStateException: boom",
        "\tat io.quell.Foo.bar(Foo.java:12)",
        "Caused by: java.io.IOException: disk full",
        "\t... 3 more",
        "2026-03-01T08:00:01Z INFO recovered");

    shipOnce(log);

    assertThat(messages())
        .containsExactly(
            "request failed\n"
                + "java.lang.IllegalStateException: boom\n"
                + "\tat io.quell.Foo.bar(Foo.java:12)\n"
                + "Caused by: java.io.IOException: disk full\n"
                + "\t... 3 more",
            "recovered");
    assertThat(events().get(0).getAttributes()).containsEntry("lines", "5");
    assertThat(events().get(0).getLevel()).isEqualTo(LogLevel.ERROR);
  }

  @Test
  void shouldShipThePendingStackTraceOfAQuietFileAfterTheFlushTimeout() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "ERROR boom", "\tat a.B.c(B.java:1)");
    Running run = follow(log);

    awaitMessages(1);
    assertThat(messages()).containsExactly("boom\n\tat a.B.c(B.java:1)");
    run.stop();
  }

  @Test
  void shouldFollowAFileAsItGrows() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, numbered("line", 0, 3));
    Running run = follow(Map.of(FileShipperOptions.MULTILINE_MODE.key(), "none"), log);
    awaitMessages(3);

    append(log, numbered("line", 3, 6));
    awaitMessages(6);
    run.stop();

    assertThat(messages()).containsExactly(numbered("line", 0, 6));
  }

  @Test
  void shouldReadTheOldFileToItsEndBeforeTheNewOneAfterRenameRotation() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, numbered("old", 0, 3));
    Running run = follow(Map.of(FileShipperOptions.MULTILINE_MODE.key(), "none"), log);
    awaitMessages(3);

    Files.move(log, dir.resolve("app.log.1"));
    // The application writes on into the renamed file until it reopens its log.
    append(dir.resolve("app.log.1"), numbered("old", 3, 5));
    append(log, numbered("new", 0, 3));
    awaitMessages(8);
    ShipperStats.Snapshot stats = run.stop();

    List<String> expected = new ArrayList<>(List.of(numbered("old", 0, 5)));
    expected.addAll(List.of(numbered("new", 0, 3)));
    assertThat(messages()).containsExactlyElementsOf(expected);
    assertThat(stats.rotations()).isEqualTo(1);
    assertThat(events().get(7).getAttributes()).containsEntry("offset", "12");
  }

  @Test
  void shouldReadACopyTruncatedFileAgainFromItsStart() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, numbered("before", 0, 3));
    Running run = follow(Map.of(FileShipperOptions.MULTILINE_MODE.key(), "none"), log);
    awaitMessages(3);

    Files.copy(log, dir.resolve("app.log.1"));
    Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
    Thread.sleep(100); // the shipper sees the empty file before it grows again
    append(log, numbered("after", 0, 2));
    awaitMessages(5);
    ShipperStats.Snapshot stats = run.stop();

    List<String> expected = new ArrayList<>(List.of(numbered("before", 0, 3)));
    expected.addAll(List.of(numbered("after", 0, 2)));
    assertThat(messages()).containsExactlyElementsOf(expected);
    assertThat(stats.truncations()).isEqualTo(1);
  }

  @Test
  void shouldNoticeATruncationEvenWhenTheFileGrewPastTheOldOffsetMeanwhile() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "short");
    Running run = follow(Map.of(FileShipperOptions.MULTILINE_MODE.key(), "none"), log);
    awaitMessages(1);

    // Truncated and rewritten between two polls: larger than before, other first bytes.
    Files.writeString(log, "rewritten and longer\n", StandardOpenOption.TRUNCATE_EXISTING);
    awaitMessages(2);
    run.stop();

    assertThat(messages()).containsExactly("short", "rewritten and longer");
  }

  @Test
  void shouldResumeAfterARestartWithoutLosingOrRepeatingLines() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, numbered("first", 0, 4));
    append(log, "ERROR pending trace", "\tat a.B.c(B.java:1)");
    // A long flush timeout: the trace is still pending when the shipper stops.
    Map<String, Object> slowFlush = Map.of(FileShipperOptions.FLUSH_TIMEOUT.key(), "60000");
    Running first = follow(slowFlush, log);
    awaitMessages(4);
    first.stop();
    assertThat(messages()).containsExactly(numbered("first", 0, 4));

    append(log, "\tat a.B.d(B.java:2)", "after restart");
    Running second = follow(slowFlush, log);
    awaitMessages(5);
    second.stop();

    List<String> expected = new ArrayList<>(List.of(numbered("first", 0, 4)));
    expected.add("pending trace\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)");
    assertThat(messages()).containsExactlyElementsOf(expected);

    // Without follow, a third run ships the rest and ends.
    shipOnce(log);
    expected.add("after restart");
    assertThat(messages()).containsExactlyElementsOf(expected);
    shipOnce(log);
    assertThat(messages()).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldFindTheRotatedFileAfterARestart() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, numbered("gen1", 0, 3));
    shipOnce(log);

    // While the shipper is stopped: more lines, then rotation by rename, then a new file.
    append(log, numbered("gen1", 3, 5));
    Files.move(log, dir.resolve("app.log.1"));
    append(log, numbered("gen2", 0, 2));
    shipOnce(log);

    List<String> expected = new ArrayList<>(List.of(numbered("gen1", 0, 5)));
    expected.addAll(List.of(numbered("gen2", 0, 2)));
    assertThat(messages()).containsExactlyElementsOf(expected);
    shipOnce(log);
    assertThat(messages()).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldReadAFileTruncatedWhileStoppedFromTheStart() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, numbered("old", 0, 3));
    shipOnce(log);

    Files.writeString(log, "fresh 0\nfresh 1 is longer than all of the old lines together\n");
    shipOnce(log);

    assertThat(messages())
        .containsExactly(
            "old 0",
            "old 1",
            "old 2",
            "fresh 0",
            "fresh 1 is longer than all of the old lines together");
  }

  @Test
  void shouldSaveOnlyPositionsThatKafkaAcknowledged() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, numbered("line", 0, 3));
    publisher.failWith(
        new PublishException(PublishException.Reason.KAFKA_REJECTED, "refused", null));

    assertThatThrownBy(() -> shipOnce(log)).isInstanceOf(PublishException.class);
    assertThat(Files.exists(dir.resolve("state/positions.json"))).isFalse();

    publisher.failWith(null);
    shipOnce(log);
    assertThat(messages()).containsExactly(numbered("line", 0, 3));
  }

  @Test
  void shouldRetryABatchWhileKafkaIsUnreachable() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "one");
    publisher.failWith(
        new PublishException(PublishException.Reason.KAFKA_TIMEOUT, "no broker", null));
    Running run = follow(Map.of(FileShipperOptions.MULTILINE_MODE.key(), "none"), log);
    Thread.sleep(300);
    assertThat(publisher.published()).isEmpty();

    publisher.failWith(null);
    awaitMessages(1);
    ShipperStats.Snapshot stats = run.stop();
    assertThat(messages()).containsExactly("one");
    assertThat(stats.publishRetries()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void shouldCutLinesLongerThanTheLimitAndMarkTheEvent() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "a".repeat(300_000), "short");

    ShipperStats.Snapshot stats = shipOnce(log);

    assertThat(messages()).hasSize(2);
    assertThat(messages().get(0))
        .isEqualTo("a".repeat(65_536) + LineSplitter.cutMarker(300_000 - 65_536));
    assertThat(events().get(0).getAttributes()).containsEntry("truncated", "true");
    assertThat(messages().get(1)).isEqualTo("short");
    assertThat(stats.cutLines()).isEqualTo(1);
  }

  @Test
  void shouldStartAtTheEndOfAFileWithoutPositionWhenAskedTo() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "history");
    Running run =
        follow(
            Map.of(
                FileShipperOptions.START_AT.key(), "end",
                FileShipperOptions.MULTILINE_MODE.key(), "none"),
            log);
    Thread.sleep(200);
    append(log, "news");
    awaitMessages(1);
    run.stop();

    assertThat(messages()).containsExactly("news");
  }

  @Test
  void shouldWaitForAFileThatDoesNotExistYetWhenFollowing() throws Exception {
    Path log = dir.resolve("later.log");
    Running run = follow(Map.of(FileShipperOptions.MULTILINE_MODE.key(), "none"), log);
    Thread.sleep(100);
    append(log, "here now");
    awaitMessages(1);
    run.stop();

    assertThat(messages()).containsExactly("here now");
  }

  @Test
  void shouldRefuseAMissingFileWithoutFollow() {
    assertThatThrownBy(() -> shipOnce(dir.resolve("missing.log")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void shouldShipStdinToItsEndWithoutAStateFile() throws Exception {
    InputStream stdin =
        new ByteArrayInputStream(
            "2026-03-01T08:00:00Z WARN low disk\nERROR x\n\tat a.B\nlast"
                .getBytes(StandardCharsets.UTF_8));
    FileShipper shipper =
        new FileShipper(
            List.of(Path.of("-")),
            settings(true, Map.of()),
            publisher,
            stdin,
            Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC));

    ShipperStats.Snapshot stats = shipper.run(FileShipper.ProgressListener.NONE);

    assertThat(messages()).containsExactly("low disk", "x\n\tat a.B", "last");
    assertThat(events().get(2).getTimestamp()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
    assertThat(events().get(0).getAttributes()).containsEntry("file", "-");
    assertThat(stats.linesShipped()).isEqualTo(4);
    assertThat(Files.exists(dir.resolve("state/positions.json"))).isFalse();
  }

  @Test
  void shouldRefuseASecondShipperOnTheSameStateFile() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "one");
    Running run = follow(log);
    awaitMessages(1);

    assertThatThrownBy(() -> shipOnce(log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("state file");
    run.stop();
  }

  @Test
  void shouldShipSeveralFilesEachInItsOrder() throws Exception {
    Path a = dir.resolve("a.log");
    Path b = dir.resolve("b.log");
    append(a, numbered("a", 0, 50));
    append(b, numbered("b", 0, 50));

    new FileShipper(
            List.of(a, b),
            settings(false, Map.of(FileShipperOptions.BATCH_EVENTS.key(), "7")),
            publisher)
        .run(FileShipper.ProgressListener.NONE);

    assertThat(messages().stream().filter(m -> m.startsWith("a")).toList())
        .containsExactly(numbered("a", 0, 50));
    assertThat(messages().stream().filter(m -> m.startsWith("b")).toList())
        .containsExactly(numbered("b", 0, 50));
  }
}
