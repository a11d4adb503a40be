/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.remediate.runbook.ActionIds;
import io.quell.remediate.runbook.Runbooks;
import io.quell.remediate.testing.Incidents;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.avro.SilenceKind;
import io.quell.schemas.avro.Suppression;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.registry.InMemorySchemaRegistryClient;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunbookTopologyTest {

  private static final AtomicInteger SCOPES = new AtomicInteger();
  private static final Instant WALL_CLOCK_START = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration TTL = Duration.ofHours(6);
  private static final Duration PURGE_INTERVAL = Duration.ofMinutes(5);

  private String registryScope;
  private TopologyTestDriver driver;
  private TestInputTopic<String, Incident> incidents;
  private TestInputTopic<String, byte[]> rawIncidents;
  private TestOutputTopic<String, RemediationAction> actions;
  private TestOutputTopic<byte[], byte[]> deadLetters;
  private RemediationMetrics metrics;

  @BeforeEach
  void startDriver() {
    startDriver(true);
  }

  private void startDriver(boolean exactlyOnce) {
    registryScope = "runbook-topology-" + SCOPES.incrementAndGet();
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", "unused:9092");
    config.put(
        SchemaRegistryOptions.URL.key(), InMemorySchemaRegistryClient.URL_SCHEME + registryScope);
    config.put(Topics.PREFIX.key(), "test.");
    config.put(RemediateOptions.APPLICATION_ID.key(), "runbook-topology-test");
    config.put(RemediateOptions.WEBHOOK_URL.key(), "https://hooks.example.org/quell");
    config.put(RemediateOptions.WEBHOOK_SECRET.key(), "s3cret");
    config.put(RemediateOptions.NOTIFIED_TTL.key(), TTL.toMillis());
    config.put(RemediateOptions.NOTIFIED_PURGE_INTERVAL.key(), PURGE_INTERVAL.toMillis());
    metrics = RemediationMetrics.noop();
    Properties props = RunbookTopology.streamsConfig(config, metrics);
    if (!exactlyOnce) {
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    }
    driver =
        new TopologyTestDriver(RunbookTopology.build(config, metrics), props, WALL_CLOCK_START);

    Topics topics = Topics.fromConfig(config);
    SchemaRegistryOptions registry = SchemaRegistryOptions.fromMap(config);
    Serde<Incident> incidentSerde = QuellTopic.INCIDENTS.valueSerde(registry);
    Serde<RemediationAction> actionSerde = QuellTopic.ACTIONS.valueSerde(registry);
    incidents =
        driver.createInputTopic(
            topics.name(QuellTopic.INCIDENTS), new StringSerializer(), incidentSerde.serializer());
    rawIncidents =
        driver.createInputTopic(
            topics.name(QuellTopic.INCIDENTS), new StringSerializer(), new ByteArraySerializer());
    actions =
        driver.createOutputTopic(
            topics.name(QuellTopic.ACTIONS), new StringDeserializer(), actionSerde.deserializer());
    deadLetters =
        driver.createOutputTopic(
            topics.name(QuellTopic.DLQ), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
    InMemorySchemaRegistryClient.dropScope(registryScope);
  }

  @Test
  void shouldEmitOneActionForTheFirstCriticalVersionAndNoneForLaterVersions() {
    send(Incidents.warning("inc-1", 1));
    send(Incidents.critical("inc-1", 2));
    send(Incidents.critical("inc-1", 3));
    send(
        Incidents.version("inc-1", 4, Severity.CRITICAL)
            .setStatus(IncidentStatus.REOPENED)
            .build());

    List<KeyValue<String, RemediationAction>> emitted = actions.readKeyValuesToList();

    assertThat(emitted).hasSize(1);
    RemediationAction action = emitted.get(0).value;
    assertThat(emitted.get(0).key).isEqualTo("inc-1");
    assertThat(action.getIncidentVersion()).isEqualTo(2);
    assertThat(action.getActionId())
        .isEqualTo(ActionIds.of("inc-1", Runbooks.CRITICAL_INCIDENT_WEBHOOK, 0));
    assertThat(action.getPayload()).contains("\"version\":2");
    assertThat(metrics.actionsEmitted(Runbooks.CRITICAL_INCIDENT_WEBHOOK)).isEqualTo(1);
  }

  @Test
  void shouldEmitOneActionPerIncident() {
    send(Incidents.critical("inc-1", 1));
    send(Incidents.critical("inc-2", 1));
    send(Incidents.critical("inc-1", 2));
    send(Incidents.critical("inc-2", 2));

    assertThat(actions.readValuesToList())
        .extracting(RemediationAction::getIncidentId, RemediationAction::getIncidentVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("inc-1", 1L),
            org.assertj.core.groups.Tuple.tuple("inc-2", 1L));
  }

  @Test
  void shouldEmitNothingForNonCriticalResolvedClosedOrMutedIncidents() {
    send(Incidents.warning("warn", 1));
    send(Incidents.version("info", 1, Severity.INFO).build());
    send(
        Incidents.version("resolved", 5, Severity.CRITICAL)
            .setStatus(IncidentStatus.RESOLVED)
            .setResolvedAt(Incidents.RESOLVED)
            .build());
    send(
        Incidents.version("closed", 6, Severity.CRITICAL).setStatus(IncidentStatus.CLOSED).build());
    send(
        Incidents.version("muted", 1, Severity.CRITICAL)
            .setSuppression(
                Suppression.newBuilder()
                    .setSilenceId("maint-1")
                    .setKind(SilenceKind.MAINTENANCE)
                    .build())
            .build());

    assertThat(actions.isEmpty()).isTrue();
    assertThat(storeEntries()).isEmpty();
  }

  @Test
  void shouldNotifyAnIncidentOnceItsMuteEnds() {
    send(
        Incidents.version("inc-1", 1, Severity.CRITICAL)
            .setSuppression(
                Suppression.newBuilder().setSilenceId("s").setKind(SilenceKind.SILENCE).build())
            .build());
    send(Incidents.critical("inc-1", 2));

    assertThat(actions.readValuesToList())
        .extracting(RemediationAction::getIncidentVersion)
        .containsExactly(2L);
  }

  @Test
  void shouldRememberTheNotifiedIncidentAndForgetItAfterTheTtl() {
    send(Incidents.critical("inc-1", 1));
    String key = RunbookProcessor.stateKey(Runbooks.CRITICAL_INCIDENT_WEBHOOK, "inc-1");
    assertThat(storeEntries()).containsOnlyKeys(key);
    assertThat(storeEntries().get(key)).isEqualTo(WALL_CLOCK_START.toEpochMilli());

    driver.advanceWallClockTime(TTL.minusMinutes(10));
    assertThat(storeEntries()).as("younger than the TTL").containsOnlyKeys(key);

    driver.advanceWallClockTime(Duration.ofMinutes(10).plus(PURGE_INTERVAL));
    assertThat(storeEntries()).as("older than the TTL").isEmpty();
  }

  @Test
  void shouldCountTheTtlFromTheLatestVersionSeen() {
    send(Incidents.critical("inc-1", 1));
    driver.advanceWallClockTime(TTL.minusMinutes(30));
    send(Incidents.critical("inc-1", 2));

    driver.advanceWallClockTime(Duration.ofMinutes(30).plus(PURGE_INTERVAL));

    assertThat(storeEntries()).as("refreshed by version 2").hasSize(1);
    send(Incidents.critical("inc-1", 3));
    assertThat(actions.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldForgetAnIncidentAtItsLastVersion() {
    send(Incidents.critical("inc-1", 1));
    send(Incidents.critical("inc-2", 1));

    send(Incidents.version("inc-1", 2, Severity.CRITICAL).setStatus(IncidentStatus.CLOSED).build());
    send(Incidents.version("inc-2", 2, Severity.CRITICAL).setMergedInto("inc-9").build());

    assertThat(storeEntries()).isEmpty();
    assertThat(actions.readValuesToList()).hasSize(2);
  }

  @Test
  void shouldDeadLetterAnUndecodableIncidentAndGoOn() {
    // TopologyTestDriver drops the records an error handler returns under exactly_once_v2 (a real
    // broker keeps them: see RemediationServiceIntegrationTest), so this driver runs at least once.
    closeDriver();
    startDriver(false);
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    rawIncidents.pipeInput(
        new TestRecord<>("inc-bad", garbage, new RecordHeaders(), WALL_CLOCK_START));
    send(Incidents.critical("inc-1", 1));

    assertThat(actions.readValuesToList()).hasSize(1);
    List<TestRecord<byte[], byte[]>> letters = deadLetters.readRecordsToList();
    assertThat(letters).hasSize(1);
    TestRecord<byte[], byte[]> letter = letters.get(0);
    DeadLetter parsed =
        DeadLetter.fromRecord(
            new ConsumerRecord<>(
                "dlq",
                0,
                0L,
                0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                0,
                letter.key(),
                letter.value(),
                letter.headers(),
                java.util.Optional.empty()));
    assertThat(parsed.sourceTopic()).isEqualTo("test.quell.incidents");
    assertThat(parsed.stage()).isEqualTo(DeadLetterHandlers.DECODE_STAGE);
    assertThat(parsed.value()).isEqualTo(garbage);
    assertThat(new String(parsed.key(), StandardCharsets.UTF_8)).isEqualTo("inc-bad");
    assertThat(parsed.reason()).contains("magic byte");
  }

  private void send(Incident incident) {
    incidents.pipeInput(incident.getId(), incident, incident.getLastSeen());
  }

  private Map<String, Long> storeEntries() {
    KeyValueStore<String, Long> store = driver.getKeyValueStore(RunbookTopology.NOTIFIED_STORE);
    Map<String, Long> entries = new HashMap<>();
    List<KeyValue<String, Long>> all = new ArrayList<>();
    try (KeyValueIterator<String, Long> iterator = store.all()) {
      iterator.forEachRemaining(all::add);
    }
    all.forEach(entry -> entries.put(entry.key, entry.value));
    return entries;
  }
}
