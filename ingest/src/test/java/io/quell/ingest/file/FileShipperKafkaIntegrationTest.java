/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.ingest.KafkaTopicReader;
import io.quell.ingest.publish.KafkaRecordPublisher;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ships a followed file through rotation, a stop and a restart into the real Kafka, and reads
 * quell.logs back: every line exactly once, in order, the stack trace as one event.
 */
@ExtendWith(QuellStackExtension.class)
class FileShipperKafkaIntegrationTest {

  @TempDir Path dir;

  private static final String TRACE =
      "payment failed\n"
          + "java.lang.IllegalStateException: provider answered 503\n"
          + "\tat io.example.Payments.charge(Payments.java:42)\n"
          + "\tat io.example.Checkout.run(Checkout.java:17)\n"
          + "Caused by: java.net.SocketTimeoutException: read timed out\n"
          + "\t... 2 more";

  private static void append(Path file, String... lines) throws IOException {
    Files.writeString(
        file,
        String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** A following shipper on its own thread. */
  private record Run(
      FileShipper shipper,
      KafkaRecordPublisher publisher,
      CompletableFuture<ShipperStats.Snapshot> done) {

    static Run start(Map<String, Object> config, Path log) {
      KafkaRecordPublisher publisher = new KafkaRecordPublisher(config, "file-test");
      FileShipper shipper =
          new FileShipper(List.of(log), FileShipperSettings.fromConfig(config, true), publisher);
      CompletableFuture<ShipperStats.Snapshot> done =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return shipper.run(FileShipper.ProgressListener.NONE);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      return new Run(shipper, publisher, done);
    }

    void awaitShipped(long events) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (shipper.stats().eventsShipped() < events && System.nanoTime() < deadline) {
        assertThat(done).as("shipper still running").isNotCompletedExceptionally();
        Thread.sleep(20);
      }
      assertThat(shipper.stats().eventsShipped()).isEqualTo(events);
    }

    ShipperStats.Snapshot stop() throws Exception {
      shipper.stop();
      ShipperStats.Snapshot stats = done.get(30, TimeUnit.SECONDS);
      publisher.close();
      return stats;
    }
  }

  @Test
  void shouldShipEveryLineExactlyOnceInOrderAcrossRotationAndRestart(QuellStack stack)
      throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "file-shipper");
    Map<String, Object> config = topics.config();
    config.put(FileShipperOptions.SERVICE.key(), "checkout");
    config.put(FileShipperOptions.HOST.key(), "web-1");
    config.put(FileShipperOptions.STATE_FILE.key(), dir.resolve("positions.json").toString());
    config.put(FileShipperOptions.POLL_INTERVAL.key(), "50");
    config.put(FileShipperOptions.FLUSH_TIMEOUT.key(), "200");
    config.put(FileShipperOptions.TIMEZONE.key(), "UTC");
    Path log = dir.resolve("app.log");
    List<String> expected = new ArrayList<>();

    append(log, "INFO starting", "INFO listening on 8080");
    append(log, ("2026-03-01T08:00:00Z ERROR " + TRACE).split("\n"));
    append(log, "INFO retry scheduled");
    expected.addAll(List.of("starting", "listening on 8080", TRACE, "retry scheduled"));

    Run first = Run.start(config, log);
    first.awaitShipped(4);
    append(log, "WARN slow response 1200 ms", "INFO request 2 done");
    expected.addAll(List.of("slow response 1200 ms", "request 2 done"));
    first.awaitShipped(6);

    // logrotate's default: rename, the application writes on a little, then a new file.
    Files.move(log, dir.resolve("app.log.1"));
    append(dir.resolve("app.log.1"), "INFO last line of the old file");
    append(log, "INFO first line of the new file", "INFO request 3 done");
    expected.addAll(
        List.of("last line of the old file", "first line of the new file", "request 3 done"));
    first.awaitShipped(9);
    ShipperStats.Snapshot firstStats = first.stop();
    assertThat(firstStats.rotations()).isEqualTo(1);

    // While stopped: more lines, and one more rotation.
    append(log, "INFO written while stopped");
    Files.move(log, dir.resolve("app.log.2"));
    append(log, "INFO after the second rotation");
    expected.addAll(List.of("written while stopped", "after the second rotation"));

    Run second = Run.start(config, log);
    second.awaitShipped(2);
    append(log, "ERROR after the restart");
    expected.add("after the restart");
    second.awaitShipped(3);
    second.stop();

    List<ConsumerRecord<String, LogEvent>> records =
        KafkaTopicReader.read(
            config,
            QuellTopic.LOGS,
            expected.size(),
            Duration.ofSeconds(30),
            Duration.ofSeconds(1));
    assertThat(records.stream().map(r -> r.value().getMessage()).toList())
        .containsExactlyElementsOf(expected);
    assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo("checkout"));
    assertThat(records).allSatisfy(r -> assertThat(r.value().getHost()).isEqualTo("web-1"));
    LogEvent trace = records.get(2).value();
    assertThat(trace.getLevel()).isEqualTo(LogLevel.ERROR);
    assertThat(trace.getTimestamp()).isEqualTo(java.time.Instant.parse("2026-03-01T08:00:00Z"));
    assertThat(trace.getAttributes()).containsEntry("lines", "6");
    assertThat(records.get(records.size() - 1).value().getLevel()).isEqualTo(LogLevel.ERROR);
  }
}
