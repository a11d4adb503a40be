/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.MetricPoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The demo's original events stay what they were when the simulator learnt new series, log lines
 * and fault kinds: {@code quell demo} and the detection tests rely on them. The digests were taken
 * from the simulator before those additions.
 */
class DemoStabilityTest {

  private static final Set<String> ORIGINAL_SERIES =
      Set.of(
          "http_requests_per_second",
          "http_request_duration_p99_seconds",
          "http_errors_per_second",
          "process_cpu_usage");

  /** Whether a log line is of a kind the demo had before: not a GC, pool or everyday retry line. */
  static boolean original(LogEvent log) {
    String message = log.getMessage();
    return !message.startsWith("GC pause (G1 Evacuation Pause)")
        && !message.contains(" stats: active=")
        && !(log.getLevel() == LogLevel.WARN && message.contains("ms, retrying (attempt 2)"));
  }

  @ParameterizedTest
  @CsvSource({
    "42, 767ac59f0a84ca0470cac4e423aa8c39797a656439f733deee071b5a30887f99",
    "7, 719ad290eb4041c4374a2aaee8da6210768e9d2a2bd44a34d0d4c5ed0923176f"
  })
  void shouldKeepTheDemosOriginalSeriesAndLogLinesBitForBit(long seed, String expected)
      throws Exception {
    RecordingEventSink sink = new RecordingEventSink();
    new Simulator(
            Scenario.demo(seed),
            new SimulatorOptions(0, Instant.parse("2026-03-01T08:00:00Z"), null))
        .run(sink, p -> {});

    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (MetricPoint point : sink.metrics) {
      if (ORIGINAL_SERIES.contains(point.getName())) {
        digest.update(
            (point.getName()
                    + new TreeMap<>(point.getLabels())
                    + point.getTimestamp()
                    + Double.doubleToLongBits(point.getValue())
                    + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    for (LogEvent log : sink.logs) {
      if (original(log)) {
        digest.update(
            (log.getTimestamp()
                    + "|"
                    + log.getService()
                    + "|"
                    + log.getHost()
                    + "|"
                    + log.getLevel()
                    + "|"
                    + log.getMessage()
                    + "|"
                    + new TreeMap<>(log.getAttributes())
                    + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(expected);
  }
}
