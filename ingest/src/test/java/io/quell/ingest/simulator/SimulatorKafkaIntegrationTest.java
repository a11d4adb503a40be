/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.ingest.KafkaTopicReader;
import io.quell.ingest.http.IntakeServer;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.RecordKeys;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Plays short scenarios into the real Kafka and reads the Quell topics back. */
@ExtendWith(QuellStackExtension.class)
class SimulatorKafkaIntegrationTest {

  private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

  /** Two simulated minutes of the demo topology, with a fault from 0:30 to 1:30. */
  private static Scenario shortScenario() {
    Scenario demo = Scenario.demo(5);
    Fault fault = demo.faults().get(0);
    return demo.withFaults(
            List.of(
                new Fault(
                    fault.id(),
                    fault.kind(),
                    fault.root(),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(1),
                    fault.propagation())))
        .withLength(Duration.ofMinutes(2));
  }

  private static Simulator simulator(Scenario scenario) {
    return new Simulator(scenario, SimulatorOptions.defaults().withSpeed(0).withStart(START));
  }

  /** What the same play sends to a sink that only records. */
  private static RecordingEventSink expected(Scenario scenario) throws InterruptedException {
    RecordingEventSink sink = new RecordingEventSink();
    simulator(scenario).run(sink, ProgressListener.NONE);
    return sink;
  }

  @Test
  void shouldWriteEveryEventToItsTopicWithItsKey(QuellStack stack) throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "simulator-kafka");
    Map<String, Object> config = topics.config();
    Scenario scenario = shortScenario();
    Simulator simulator = simulator(scenario);
    SimulationSummary summary;
    try (KafkaEventSink sink = new KafkaEventSink(config)) {
      summary = simulator.run(sink, ProgressListener.NONE);
    }
    RecordingEventSink expected = expected(scenario);

    List<ConsumerRecord<String, MetricPoint>> metrics =
        KafkaTopicReader.read(config, QuellTopic.METRICS, (int) summary.metrics());
    assertThat(metrics).hasSize(scenario.steps() * 12 * EventGenerator.METRICS_PER_SERVICE);
    assertThat(metrics)
        .allSatisfy(r -> assertThat(r.key()).isEqualTo(RecordKeys.seriesId(r.value())));
    assertThat(metrics.stream().map(ConsumerRecord::value).toList())
        .containsExactlyInAnyOrderElementsOf(expected.metrics);

    List<ConsumerRecord<String, LogEvent>> logs =
        KafkaTopicReader.read(config, QuellTopic.LOGS, (int) summary.logs());
    assertThat(logs).hasSize((int) summary.logs());
    assertThat(logs).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getService()));
    assertThat(logs.stream().map(ConsumerRecord::value).toList())
        .containsExactlyInAnyOrderElementsOf(expected.logs);

    List<ConsumerRecord<String, TopologyEdge>> edges =
        KafkaTopicReader.read(config, QuellTopic.TOPOLOGY, summary.edges());
    assertThat(edges).hasSize(scenario.topology().calls().size());
    assertThat(edges)
        .allSatisfy(
            r ->
                assertThat(r.key())
                    .isEqualTo(r.value().getCaller() + "->" + r.value().getCallee()));

    List<ConsumerRecord<String, byte[]>> truths =
        KafkaTopicReader.read(config, QuellTopic.GROUND_TRUTH, 1);
    assertThat(truths).hasSize(1);
    assertThat(truths.get(0).key()).isEqualTo("fault-1");
    assertThat(GroundTruth.fromJson(truths.get(0).value()))
        .isEqualTo(simulator.groundTruth().get(0));
  }

  @Test
  void shouldSendLogsAndMetricsThroughTheHttpIntake(QuellStack stack) throws Exception {
    QuellTestTopics topics = QuellTestTopics.create(stack, "simulator-http");
    Map<String, Object> config = topics.config();
    config.put("quell.ingest.port", 0);
    Scenario scenario = shortScenario().withLength(Duration.ofMinutes(1));
    SimulationSummary summary;
    try (IntakeServer intake = new IntakeServer(config)) {
      intake.start();
      try (HttpEventSink sink = new HttpEventSink(intake.uri(), new KafkaEventSink(config))) {
        summary = simulator(scenario).run(sink, ProgressListener.NONE);
      }
    }
    RecordingEventSink expected = expected(scenario);

    List<ConsumerRecord<String, MetricPoint>> metrics =
        KafkaTopicReader.read(config, QuellTopic.METRICS, (int) summary.metrics());
    assertThat(metrics.stream().map(ConsumerRecord::value).toList())
        .containsExactlyInAnyOrderElementsOf(expected.metrics);
    List<ConsumerRecord<String, LogEvent>> logs =
        KafkaTopicReader.read(config, QuellTopic.LOGS, (int) summary.logs());
    assertThat(logs.stream().map(ConsumerRecord::value).toList())
        .containsExactlyInAnyOrderElementsOf(expected.logs);
    assertThat(KafkaTopicReader.read(config, QuellTopic.GROUND_TRUTH, 1)).hasSize(1);
    assertThat(KafkaTopicReader.read(config, QuellTopic.TOPOLOGY, summary.edges()))
        .hasSize(summary.edges());
  }
}
