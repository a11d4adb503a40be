/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.logs.ErrorBurstReplay;
import io.quell.detect.core.logs.TemplateWatchReplay;
import io.quell.detect.testing.CollectingSink;
import io.quell.detect.testing.DemoTraffic;
import io.quell.detect.testing.Fixtures;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.flink.RawKafkaRecord;
import io.quell.schemas.registry.InMemorySchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.serde.AvroSerde;
import io.quell.schemas.serde.MalformedRecordException;
import io.quell.schemas.topic.RecordKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The whole job in a local MiniCluster at parallelism 2, on bounded input that arrives out of
 * order: it must send exactly the alerts that the plain-Java core sends for the same events in
 * order (with the default settings, the service model's verdicts combined into the series' scores).
 */
class DetectJobTest {
  private static final String OUT_OF_ORDERNESS_MS = "60000";

  private static StreamExecutionEnvironment environment() {
    Configuration conf = new Configuration();
    // Everything between operators and in state must have a Flink serializer: no Kryo fallback.
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    return StreamExecutionEnvironment.createLocalEnvironment(2, conf);
  }

  /** Shuffles within blocks of {@code size}, which keeps every event within the bound. */
  private static <T> List<T> shuffledInBlocks(List<T> events, int size, long seed) {
    Random random = new Random(seed);
    List<T> shuffled = new ArrayList<>();
    for (int from = 0; from < events.size(); from += size) {
      List<T> block = new ArrayList<>(events.subList(from, Math.min(from + size, events.size())));
      Collections.shuffle(block, random);
      shuffled.addAll(block);
    }
    return shuffled;
  }

  @Test
  void shouldSendTheAlertsOfTheCoreForOutOfOrderInputAtParallelismTwo() throws Exception {
    DetectOptions options =
        DetectOptions.fromConfig(Map.of(DetectOptions.OUT_OF_ORDERNESS.key(), OUT_OF_ORDERNESS_MS));
    DemoTraffic traffic = DemoTraffic.generate(42);
    // 16 points per step: blocks of 48 points span 30 s; 60 logs span well under a minute
    List<MetricPoint> points = shuffledInBlocks(traffic.points(), 48, 1);
    List<LogEvent> logs = shuffledInBlocks(traffic.logs(), 60, 2);
    assertThat(points).isNotEqualTo(traffic.points());

    StreamExecutionEnvironment env = environment();
    CollectingSink<Alert> alerts = new CollectingSink<>();
    try {
      DetectJob.build(
          env,
          DetectSources.ofRecords(
              env.fromData(points, TypeInformation.of(MetricPoint.class)),
              env.fromData(logs, TypeInformation.of(LogEvent.class))),
          new DetectSinks(alerts, null),
          options);
      env.execute("detect-job-test");

      List<Alert> expected = new ArrayList<>(DetectJob.replayMetrics(options, traffic.points()));
      expected.addAll(
          ErrorBurstReplay.replay(
              DetectJob.serviceMonitor(options),
              traffic.logs(),
              options.serviceExpiry().toMillis()));
      expected.addAll(
          TemplateWatchReplay.replay(
              DetectJob.templateWatch(options),
              traffic.logs(),
              options.serviceExpiry().toMillis()));
      List<Alert> received = alerts.received();
      assertThat(expected).isNotEmpty();
      // the service model is on: its verdicts reached the series (the alerts carry them)
      assertThat(received)
          .filteredOn(a -> a.getStatus() == AlertStatus.FIRING)
          .anySatisfy(a -> assertThat(a.getAnnotations()).containsKey("service_likelihood"));
      assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
      // per fingerprint, the versions arrive in the order they were sent
      assertThat(byFingerprint(received)).isEqualTo(byFingerprint(expected));
      assertThat(received)
          .filteredOn(a -> a.getStatus() == AlertStatus.FIRING)
          .extracting(Alert::getService)
          .doesNotContain(DemoTraffic.BYSTANDER);
    } finally {
      alerts.discard();
    }
  }

  @Test
  void shouldDeadLetterUndecodableRecordsAndKeepDetecting() throws Exception {
    String scope = "detect-job-test-" + System.nanoTime();
    SchemaRegistryOptions registry = SchemaRegistryOptions.of("mock://" + scope);
    List<RawKafkaRecord> raw = new ArrayList<>();
    try (AvroSerde<MetricPoint> serde = AvroSerde.specific(MetricPoint.class, registry)) {
      for (int step = 0; step < 46; step++) {
        MetricPoint point =
            Fixtures.latency(step, step >= 30 && step < 36 ? 0.5 : 0.25 + (step % 3) * 0.01);
        raw.add(
            new RawKafkaRecord(
                "quell.metrics",
                0,
                step,
                point.getTimestamp().toEpochMilli(),
                RecordKeys.seriesId(point).getBytes(StandardCharsets.UTF_8),
                serde.serializer().serialize("quell.metrics", point)));
        if (step == 20) {
          raw.add(
              new RawKafkaRecord(
                  "quell.metrics", 0, 1000, 0, null, "not avro".getBytes(StandardCharsets.UTF_8)));
        }
      }
    }

    StreamExecutionEnvironment env = environment();
    CollectingSink<Alert> alerts = new CollectingSink<>();
    CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
    try {
      DetectJob.build(
          env,
          DetectSources.ofRaw(
              env.fromData(raw, TypeInformation.of(RawKafkaRecord.class)), null, registry),
          new DetectSinks(alerts, deadLetters),
          // the robust baseline learns a series in 20 points, which keeps this input short
          DetectOptions.fromConfig(
              Map.of(DetectOptions.METRIC_DETECTOR.key(), DetectOptions.DETECTOR_ROBUST_BASELINE)));
      env.execute("detect-job-dead-letter-test");

      assertThat(deadLetters.received())
          .singleElement()
          .satisfies(
              letter -> {
                assertThat(letter.offset()).isEqualTo(1000);
                assertThat(letter.stage()).isEqualTo(DetectJob.STAGE_DECODE_METRICS);
                assertThat(letter.errorClass()).isEqualTo(MalformedRecordException.class.getName());
              });
      assertThat(alerts.received())
          .extracting(Alert::getStatus)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    } finally {
      alerts.discard();
      deadLetters.discard();
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }

  private static Map<String, List<String>> byFingerprint(List<Alert> alerts) {
    return alerts.stream()
        .collect(
            Collectors.groupingBy(
                Alert::getFingerprint,
                LinkedHashMap::new,
                Collectors.mapping(
                    a -> a.getStatus() + "/" + a.getSeverity(), Collectors.toList())))
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
