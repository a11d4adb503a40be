/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what the intake accepts end to end: requests go over HTTP from {@code concurrency}
 * clients, each waiting for its answer, and the intake answers 2xx only once Kafka has acknowledged
 * the records — so records per second here are records durably in Kafka per second. Bodies are
 * built before the clock starts; the first {@code warmUp} is not counted (JIT, producer
 * connections, topic metadata).
 */
public final class IntakeBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeBenchmark.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Distinct bodies sent in turn: enough that no cache sees the same body twice in a row. */
  private static final int DISTINCT_BODIES = 64;

  /** Pause of a client after a refused request, so that a 503 does not become a busy loop. */
  private static final Duration BACK_OFF = Duration.ofMillis(100);

  /**
   * What to measure.
   *
   * @param intake base URL of the intake, for example {@code http://127.0.0.1:8090}
   * @param token bearer token, or null when the intake has no authentication
   */
  public record Settings(
      URI intake,
      BenchFormat format,
      int batchSize,
      int seriesCount,
      int concurrency,
      Duration warmUp,
      Duration duration,
      String token) {
    public Settings {
      Objects.requireNonNull(intake, "intake");
      Objects.requireNonNull(format, "format");
      if (batchSize < 1 || seriesCount < 1 || concurrency < 1) {
        throw new IllegalArgumentException(
            "batch size, series count and concurrency must be positive");
      }
      if (warmUp.isNegative() || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(
            "the duration must be positive, the warm-up not negative");
      }
    }
  }

  /**
   * What was measured, over the counted period only.
   *
   * @param failures answers other than 2xx (and transport errors, as status 0), by status
   */
  public record Result(
      BenchFormat format,
      int batchSize,
      int concurrency,
      Duration measured,
      long requests,
      long records,
      long bytes,
      Map<Integer, Long> failures,
      double latencyP50Millis,
      double latencyP99Millis,
      double latencyMaxMillis) {

    public double recordsPerSecond() {
      return records / seconds();
    }

    public double requestsPerSecond() {
      return requests / seconds();
    }

    public double megabytesPerSecond() {
      return bytes / seconds() / 1_000_000.0;
    }

    private double seconds() {
      return Math.max(1e-9, measured.toNanos() / 1e9);
    }

    /** One line for people. */
    public String summary() {
      return String.format(
          "%-8s batch %5d × %2d clients: %,10.0f records/s accepted end to end (%,.0f requests/s,"
              + " %.1f MB/s), latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%s",
          format.label(),
          batchSize,
          concurrency,
          recordsPerSecond(),
          requestsPerSecond(),
          megabytesPerSecond(),
          latencyP50Millis,
          latencyP99Millis,
          latencyMaxMillis,
          failures.isEmpty() ? "" : ", failures by status " + failures);
    }
  }

  private IntakeBenchmark() {}

  /**
   * Runs one measurement.
   *
   * @param progress receives a line about once a second
   */
  public static Result run(Settings settings, Consumer<String> progress)
      throws InterruptedException {
    List<byte[]> bodies =
        BenchPayloads.build(
            settings.format(),
            DISTINCT_BODIES,
            settings.batchSize(),
            settings.seriesCount(),
            42,
            Instant.now());
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI target = settings.intake().resolve(settings.format().path());

    AtomicBoolean counting = new AtomicBoolean(settings.warmUp().isZero());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong next = new AtomicLong();
    LongAdder requests = new LongAdder();
    LongAdder records = new LongAdder();
    LongAdder bytes = new LongAdder();
    Map<Integer, LongAdder> failures = new ConcurrentHashMap<>();
    List<long[]> latencies = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(settings.concurrency());
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < settings.concurrency(); c++) {
      LatencyLog log = new LatencyLog();
      Thread thread =
          new Thread(
              () -> {
                try {
                  while (running.get()) {
                    byte[] body = bodies.get((int) (next.getAndIncrement() % bodies.size()));
                    long start = System.nanoTime();
                    Outcome outcome = send(client, target, settings, body);
                    long nanos = System.nanoTime() - start;
                    if (!counting.get()) {
                      continue;
                    }
                    if (outcome.accepted >= 0) {
                      requests.increment();
                      records.add(outcome.accepted);
                      bytes.add(body.length);
                      log.add(nanos);
                    } else {
                      failures.computeIfAbsent(outcome.status, s -> new LongAdder()).increment();
                      Thread.sleep(BACK_OFF.toMillis());
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  synchronized (latencies) {
                    latencies.add(log.values());
                  }
                  done.countDown();
                }
              },
              "quell-bench-client-" + c);
      thread.setDaemon(true);
      clients.add(thread);
    }
    clients.forEach(Thread::start);

    progress.accept(
        String.format(
            "%s: %d clients, %d samples a request, %s warm-up…",
            settings.format().label(),
            settings.concurrency(),
            settings.batchSize(),
            settings.warmUp()));
    Thread.sleep(settings.warmUp().toMillis());
    counting.set(true);
    long start = System.nanoTime();
    long end = start + settings.duration().toNanos();
    long lastRecords = 0;
    long lastAt = start;
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      long now = System.nanoTime();
      long total = records.sum();
      progress.accept(
          String.format(
              "  %s: %4.0f s, %,12d records, %,10.0f records/s now",
              settings.format().label(),
              (now - start) / 1e9,
              total,
              (total - lastRecords) / Math.max(1e-9, (now - lastAt) / 1e9)));
      lastRecords = total;
      lastAt = now;
    }
    // Counting stops at the deadline; answers still on their way are not counted.
    counting.set(false);
    Duration measured = Duration.ofNanos(System.nanoTime() - start);
    long totalRequests = requests.sum();
    long totalRecords = records.sum();
    long totalBytes = bytes.sum();
    running.set(false);
    done.await();

    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    Map<Integer, Long> failed = new TreeMap<>();
    failures.forEach((status, count) -> failed.put(status, count.sum()));
    Result result =
        new Result(
            settings.format(),
            settings.batchSize(),
            settings.concurrency(),
            measured,
            totalRequests,
            totalRecords,
            totalBytes,
            failed,
            percentile(all, 0.50),
            percentile(all, 0.99),
            all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    LOG.info("Intake benchmark: {}", result.summary());
    return result;
  }

  /** Records taken by the intake (-1 when refused), with the HTTP status (0: no answer). */
  private record Outcome(int status, long accepted) {}

  private static Outcome send(HttpClient client, URI target, Settings settings, byte[] body)
      throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", settings.format().contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    String[] headers = settings.format().headers();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    if (settings.format().contentEncoding() != null) {
      request.header("Content-Encoding", settings.format().contentEncoding());
    }
    if (settings.token() != null) {
      request.header("Authorization", "Bearer " + settings.token());
    }
    try {
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status / 100 != 2) {
        return new Outcome(status, -1);
      }
      return new Outcome(status, accepted(response.body(), settings.batchSize()));
    } catch (IOException e) {
      LOG.debug("Benchmark request failed: {}", e.toString());
      return new Outcome(0, -1);
    }
  }

  /** The intake's {@code accepted} count, or the whole batch when the answer has none. */
  private static long accepted(byte[] answer, int batchSize) {
    if (answer.length == 0) {
      return batchSize;
    }
    try {
      JsonNode node = JSON.readTree(answer);
      JsonNode accepted = node == null ? null : node.get("accepted");
      return accepted != null && accepted.canConvertToLong() ? accepted.asLong() : batchSize;
    } catch (IOException e) {
      return batchSize;
    }
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** Latencies of one client, in nanoseconds; grows as needed. */
  private static final class LatencyLog {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }

    long[] values() {
      return Arrays.copyOf(values, size);
    }
  }
}
