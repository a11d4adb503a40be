/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.bench;

import io.quell.detect.core.logs.template.TemplateMatch;
import io.quell.detect.core.logs.template.TemplateMiner;
import io.quell.detect.core.logs.template.TemplateSettings;
import io.quell.detect.eval.loghub.LoghubCsv;
import io.quell.detect.eval.loghub.LoghubEvaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Lines per second of the {@link TemplateMiner} on one thread (one core), with JMH: the 16,000
 * messages of loghub-dev when the shared datasets are there, else a generated corpus of the same
 * size. One operation is one line, so JMH's ops/s are lines/s.
 *
 * <ul>
 *   <li>{@code mineLearned}: a miner that has seen the corpus once mines the next line; the steady
 *       state of a long-running job.
 *   <li>{@code mineFromScratch}: a fresh miner learns the whole corpus (templates created and
 *       generalised, every line compared), divided by the number of lines.
 * </ul>
 *
 * Run: {@code mvn -o -B -pl detect -Pbench test-compile exec:exec} (see detect/README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TemplateMinerBenchmark {
  static final int CORPUS_LINES = 16_000;

  private String[] corpus;
  private TemplateMiner learned;
  private int next;

  @Setup
  public void setUp() throws IOException {
    corpus = corpus();
    learned = new TemplateMiner(TemplateSettings.defaults());
    for (String line : corpus) {
      learned.mine(line);
    }
  }

  @Benchmark
  public TemplateMatch mineLearned() {
    String line = corpus[next];
    next = next + 1 == corpus.length ? 0 : next + 1;
    return learned.mine(line);
  }

  @Benchmark
  @OperationsPerInvocation(CORPUS_LINES)
  public TemplateMiner mineFromScratch() {
    TemplateMiner miner = new TemplateMiner(TemplateSettings.defaults());
    for (String line : corpus) {
      miner.mine(line);
    }
    return miner;
  }

  /** loghub-dev's messages (all systems, in file order), or generated ones; 16,000 either way. */
  static String[] corpus() throws IOException {
    Path loghub =
        Path.of(System.getProperty("quell.datasets", "../../shared/datasets"))
            .resolve("loghub-dev");
    List<String> lines = new ArrayList<>();
    if (Files.isDirectory(loghub)) {
      for (String system : LoghubEvaluation.systems(loghub)) {
        Path file = loghub.resolve(system).resolve(system + "_2k.log_structured_corrected.csv");
        for (LoghubCsv.Line line : LoghubCsv.readStructured(file)) {
          lines.add(line.content());
        }
      }
    }
    if (lines.size() < CORPUS_LINES) {
      lines.addAll(generated(CORPUS_LINES - lines.size()));
    }
    return lines.subList(0, CORPUS_LINES).toArray(new String[0]);
  }

  /** Service-like messages: ids, addresses, sizes, durations, user names, a few dozen events. */
  static List<String> generated(int count) {
    Random random = new Random(42);
    String[] users = {"root", "alice", "bob", "deploy", "svc-backup"};
    String[] states = {"RUNNING", "SUCCEEDED", "FAILED", "KILLED"};
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int event = random.nextInt(40);
      String ip =
          "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
      lines.add(
          switch (event % 8) {
            case 0 -> "Accepted connection " + event + " from " + ip + ":" + random.nextInt(65536);
            case 1 ->
                "session opened for user " + users[random.nextInt(users.length)] + " by uid=0";
            case 2 ->
                "Request GET /api/v"
                    + event
                    + "/orders/"
                    + random.nextInt(100000)
                    + " completed in "
                    + random.nextInt(900)
                    + "ms status=200";
            case 3 ->
                "Task attempt_" + random.nextLong() + " moved from RUNNING to " + states[event % 4];
            case 4 ->
                "Block blk_"
                    + random.nextLong()
                    + " stored in memory (estimated size "
                    + random.nextInt(100)
                    + "."
                    + random.nextInt(10)
                    + " KB, free 1.2 GB) event "
                    + event;
            case 5 ->
                "Worker "
                    + event
                    + " heartbeat late by "
                    + random.nextInt(50)
                    + "."
                    + "5s on node-"
                    + event;
            case 6 ->
                "Cache "
                    + event
                    + " evicted "
                    + random.nextInt(1000)
                    + " entries, key 0x"
                    + Long.toHexString(random.nextLong());
            default -> "Job " + event + " finished with request id " + java.util.UUID.randomUUID();
          });
    }
    return lines;
  }

  /** Runs the benchmarks and prints lines/s of each. */
  public static void main(String[] args) throws RunnerException {
    OptionsBuilder options = new OptionsBuilder();
    options.include(TemplateMinerBenchmark.class.getName() + ".*");
    options.jvmArgsAppend(
        "-Dquell.datasets=" + System.getProperty("quell.datasets", "../../shared/datasets"));
    for (RunResult result : new Runner(options.build()).run()) {
      System.out.printf(
          "%s: %,.0f lines/s per core (± %,.0f)%n",
          result.getParams().getBenchmark(),
          result.getPrimaryResult().getScore(),
          result.getPrimaryResult().getScoreError());
    }
  }
}
