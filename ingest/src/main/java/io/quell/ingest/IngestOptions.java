/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest;

import io.quell.schemas.config.ConfigOption;
import io.quell.schemas.config.ConnectionOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of the ingest module: the HTTP intake, its Kafka producer and the simulator. Read
 * from the same {@code Map<String, ?>} as the shared connection settings ({@link
 * ConnectionOptions}, {@code schema.registry.url}, {@code quell.topic.*}).
 */
public final class IngestOptions {

  private IngestOptions() {}

  /** Prefix of every ingest setting. */
  public static final String PREFIX = "quell.ingest.";

  /**
   * Prefix of Kafka producer settings passed through as they are (without the prefix), for example
   * {@code quell.ingest.producer.security.protocol=SASL_SSL}. They win over the settings below.
   */
  public static final String PRODUCER_PREFIX = PREFIX + "producer.";

  public static final ConfigOption<String> HOST =
      ConfigOption.string(
          PREFIX + "host",
          "127.0.0.1",
          "Address the HTTP intake listens on. 127.0.0.1 accepts local clients only; use 0.0.0.0"
              + " in a container, with bearer tokens (auth.tokens-file or auth.tokens) when the"
              + " network is not trusted.");

  public static final ConfigOption<Integer> PORT =
      ConfigOption.integer(
          PREFIX + "port", 8090, "TCP port of the HTTP intake; 0 picks any free port.");

  public static final ConfigOption<String> AUTH_TOKENS_FILE =
      ConfigOption.string(
          PREFIX + "auth.tokens-file",
          "",
          "File of bearer tokens the intake accepts, one per line (blank lines and lines"
              + " starting with # are ignored). Authentication is on when this file or auth.tokens"
              + " holds at least one token; /healthz, /readyz and /metrics stay open.");

  public static final ConfigOption<String> AUTH_TOKENS =
      ConfigOption.string(
          PREFIX + "auth.tokens",
          "",
          "Bearer tokens the intake accepts, comma-separated, in addition to those of"
              + " auth.tokens-file; usually set through the environment"
              + " (QUELL_INGEST_AUTH_TOKENS). Empty with no file: no authentication.");

  public static final ConfigOption<Integer> MAX_BODY_BYTES =
      ConfigOption.integer(
          PREFIX + "max-body-bytes",
          4 * 1024 * 1024,
          "Largest request body the intake reads, in bytes; a larger one is answered 413.");

  public static final ConfigOption<Integer> MAX_RECORD_BYTES =
      ConfigOption.integer(
          PREFIX + "max-record-bytes",
          512 * 1024,
          "Largest single record: the bytes of its JSON text, or for remote_write and OTLP the"
              + " UTF-8 bytes of a series' name and labels (of a log's message and attributes); a"
              + " larger record is rejected (reason too_large). Keep it below the broker's"
              + " message.max.bytes.");

  public static final ConfigOption<Integer> MAX_LABELS_PER_SERIES =
      ConfigOption.integer(
          PREFIX + "max-labels-per-series",
          64,
          "Most labels of one metric series (the name not counted) or one Alertmanager alert, on"
              + " every endpoint (JSON, remote_write, OTLP, Alertmanager); a record with more is"
              + " rejected (reason too_many_labels).");

  public static final ConfigOption<Integer> MAX_LINE_BYTES =
      ConfigOption.integer(
          PREFIX + "max-line-bytes",
          64 * 1024,
          "Longest log message, in UTF-8 bytes, on every log endpoint (JSON, OTLP); a longer"
              + " record is rejected (reason line_too_long), not truncated.");

  public static final ConfigOption<Integer> THREADS =
      ConfigOption.integer(
          PREFIX + "threads",
          32,
          "Most requests handled at once (size of the HTTP thread pool). Together with"
              + " max-body-bytes it bounds the memory that request bodies can take.");

  public static final ConfigOption<Duration> IDLE_TIMEOUT =
      ConfigOption.millis(
          PREFIX + "idle-timeout.ms",
          Duration.ofSeconds(30),
          "How long an idle client connection is kept open, in milliseconds.");

  public static final ConfigOption<Duration> SHUTDOWN_TIMEOUT =
      ConfigOption.millis(
          PREFIX + "shutdown-timeout.ms",
          Duration.ofSeconds(15),
          "On close, how long requests in flight may take to finish and the producer to deliver"
              + " what it buffered, in milliseconds.");

  public static final ConfigOption<Duration> RETRY_AFTER =
      ConfigOption.millis(
          PREFIX + "retry-after.ms",
          Duration.ofSeconds(5),
          "Retry-After sent with 503 answers when Kafka or the schema registry cannot take"
              + " records, in milliseconds (sent rounded up to whole seconds).");

  public static final ConfigOption<Duration> READINESS_TIMEOUT =
      ConfigOption.millis(
          PREFIX + "readiness-timeout.ms",
          Duration.ofSeconds(2),
          "How long /readyz waits for Kafka to describe its cluster, in milliseconds.");

  public static final ConfigOption<Duration> READINESS_CACHE =
      ConfigOption.millis(
          PREFIX + "readiness-cache.ms",
          Duration.ofSeconds(5),
          "How long the answer of a Kafka readiness probe is reused, in milliseconds, so that"
              + " frequent probes do not load the cluster.");

  public static final ConfigOption<Duration> KAFKA_MAX_BLOCK =
      ConfigOption.millis(
          PREFIX + "kafka.max-block.ms",
          Duration.ofSeconds(2),
          "Producer max.block.ms: how long a request waits for Kafka metadata or for room in"
              + " the producer's buffer before it is answered 503.");

  public static final ConfigOption<Duration> KAFKA_REQUEST_TIMEOUT =
      ConfigOption.millis(
          PREFIX + "kafka.request-timeout.ms",
          Duration.ofSeconds(5),
          "Producer request.timeout.ms: how long the producer waits for one broker answer.");

  public static final ConfigOption<Duration> KAFKA_DELIVERY_TIMEOUT =
      ConfigOption.millis(
          PREFIX + "kafka.delivery-timeout.ms",
          Duration.ofSeconds(10),
          "Producer delivery.timeout.ms: how long a record may take to be acknowledged, retries"
              + " included, before its request is answered 503. At least linger.ms +"
              + " request-timeout.ms.");

  public static final ConfigOption<Duration> KAFKA_LINGER =
      ConfigOption.millis(
          PREFIX + "kafka.linger.ms",
          Duration.ofMillis(5),
          "Producer linger.ms: how long the producer waits to fill a batch.");

  public static final ConfigOption<String> KAFKA_COMPRESSION =
      ConfigOption.string(
          PREFIX + "kafka.compression",
          "lz4",
          "Producer compression.type: none, gzip, snappy, lz4 or zstd.");

  public static final ConfigOption<Integer> KAFKA_BUFFER_BYTES =
      ConfigOption.integer(
          PREFIX + "kafka.buffer-bytes",
          32 * 1024 * 1024,
          "Producer buffer.memory: bytes of records waiting to be sent. When it is full, requests"
              + " wait up to kafka.max-block.ms and are then answered 503.");

  public static final ConfigOption<Long> SIMULATOR_SEED =
      new ConfigOption<>(
          PREFIX + "simulator.seed",
          Long.class,
          42L,
          "Seed of the simulator: the same seed and settings give the same events.");

  public static final ConfigOption<String> SIMULATOR_SPEED =
      ConfigOption.string(
          PREFIX + "simulator.speed",
          "1",
          "Simulated seconds played per wall-clock second (a decimal number); 0 plays as fast as"
              + " Kafka takes the events. The demo uses 30. Ignored when"
              + " simulator.events-per-second is set.");

  public static final ConfigOption<Integer> SIMULATOR_EVENTS_PER_SECOND =
      ConfigOption.integer(
          PREFIX + "simulator.events-per-second",
          0,
          "Plays at this many events (log lines and metric points) per wall-clock second,"
              + " whatever simulated time that takes, for benchmarks; 0 paces by"
              + " simulator.speed instead.");

  public static final ConfigOption<Duration> SIMULATOR_WARM_UP =
      ConfigOption.millis(
          PREFIX + "simulator.warm-up.ms",
          Duration.ZERO,
          "Calm history played before the scenario, as fast as the sink takes it: this much"
              + " simulated time without faults, ending where the scenario starts, so that the"
              + " detectors have learned every series before the first fault. 0: none.");

  public static final ConfigOption<String> SIMULATOR_START =
      ConfigOption.string(
          PREFIX + "simulator.start",
          "",
          "Event time at which the simulation starts (ISO-8601, for example"
              + " 2026-03-01T08:00:00Z). Empty: chosen so that the scenario ends when its play"
              + " ends, so that no event lies in the future (now minus the length at speed 0).");

  public static final ConfigOption<Duration> SIMULATOR_LENGTH =
      ConfigOption.millis(
          PREFIX + "simulator.length.ms",
          Duration.ofMinutes(15),
          "Simulated time the scenario covers, in milliseconds.");

  public static final ConfigOption<Duration> SIMULATOR_STEP =
      ConfigOption.millis(
          PREFIX + "simulator.step.ms",
          Duration.ofSeconds(10),
          "Simulated time between two metric samples of a series, in milliseconds.");

  public static final ConfigOption<Integer> SIMULATOR_SERVICES =
      ConfigOption.integer(
          PREFIX + "simulator.services",
          30,
          "Number of services of the generated topology (at least 6: one of each tier). Ignored"
              + " when a topology file is given and by the demo scenario (12 services).");

  public static final ConfigOption<String> SIMULATOR_SCENARIO =
      ConfigOption.string(
          PREFIX + "simulator.scenario",
          "single",
          "What to play: single (one fault as simulator.fault.* say), demo (the 12-service demo"
              + " of quell demo, whatever the other settings say), storm (six overlapping faults"
              + " of different kinds; 30 minutes unless simulator.length.ms is set) or calm (no"
              + " fault).");

  public static final ConfigOption<String> SIMULATOR_FAULTS =
      ConfigOption.string(
          PREFIX + "simulator.faults",
          "",
          "Faults that replace those of the scenario, separated by commas:"
              + " kind:target:start:duration, e.g. slowdown:orders-db:6m:5m,memory-leak::2m:12m."
              + " An empty target picks the kind's default root; a partition names two tiers,"
              + " callers first (partition:api/database:10m:2m); start and duration default to"
              + " simulator.fault.start.ms and simulator.fault.duration.ms.");

  public static final ConfigOption<String> SIMULATOR_TOPOLOGY_FILE =
      ConfigOption.string(
          PREFIX + "simulator.topology-file",
          "",
          "YAML file describing the services and their calls; empty generates a layered"
              + " topology from the seed.");

  public static final ConfigOption<String> SIMULATOR_FAULT_KIND =
      ConfigOption.string(
          PREFIX + "simulator.fault.kind",
          "slowdown",
          "Kind of the injected fault of the single scenario: slowdown (a slow database; callers"
              + " time out and retry), error-burst (a share of requests fail), memory-leak (memory"
              + " climbs until out-of-memory restarts), bad-deploy (a deploy, errors, a rollback),"
              + " partition (between two tiers, api/database unless simulator.fault.root names"
              + " two tiers such as worker/queue), flapping-check (one service's CPU swings across"
              + " 80 %), maintenance (a planned drain), or none.");

  public static final ConfigOption<String> SIMULATOR_FAULT_ROOT =
      ConfigOption.string(
          PREFIX + "simulator.fault.root",
          "",
          "Service where the fault starts; empty picks the kind's default: for slowdown and"
              + " error-burst the database with the most services depending on it, directly or"
              + " transitively (any service when there is no database; ties go to the first"
              + " name); for memory-leak and bad-deploy the API with the most dependents; for"
              + " flapping-check a worker; for maintenance the database with the fewest"
              + " dependents.");

  public static final ConfigOption<Duration> SIMULATOR_FAULT_START =
      ConfigOption.millis(
          PREFIX + "simulator.fault.start.ms",
          Duration.ofMinutes(6),
          "When the fault starts, counted from the start of the scenario, in milliseconds.");

  public static final ConfigOption<Duration> SIMULATOR_FAULT_DURATION =
      ConfigOption.millis(
          PREFIX + "simulator.fault.duration.ms",
          Duration.ofMinutes(5),
          "How long the fault lasts at its root, in milliseconds.");

  public static final ConfigOption<String> SIMULATOR_SINK =
      ConfigOption.string(
          PREFIX + "simulator.sink",
          "kafka",
          "Where simulated events go: kafka (straight to the Quell topics) or http (logs and"
              + " metrics through the HTTP intake at simulator.intake-url; topology and ground"
              + " truth straight to Kafka).");

  public static final ConfigOption<String> SIMULATOR_INTAKE_URL =
      ConfigOption.string(
          PREFIX + "simulator.intake-url",
          "http://127.0.0.1:8090",
          "Base URL of the HTTP intake, for the http sink.");

  public static final ConfigOption<String> SIMULATOR_GROUND_TRUTH_FILE =
      ConfigOption.string(
          PREFIX + "simulator.ground-truth-file",
          "",
          "File the ground truth (the injected faults, JSON) is written to before the play"
              + " starts; empty writes none. It always goes to the quell.ground-truth topic.");

  /** Every setting, in the order the configuration reference lists them. */
  public static List<ConfigOption<?>> all() {
    return List.of(
        HOST,
        PORT,
        AUTH_TOKENS_FILE,
        AUTH_TOKENS,
        MAX_BODY_BYTES,
        MAX_RECORD_BYTES,
        MAX_LABELS_PER_SERIES,
        MAX_LINE_BYTES,
        THREADS,
        IDLE_TIMEOUT,
        SHUTDOWN_TIMEOUT,
        RETRY_AFTER,
        READINESS_TIMEOUT,
        READINESS_CACHE,
        KAFKA_MAX_BLOCK,
        KAFKA_REQUEST_TIMEOUT,
        KAFKA_DELIVERY_TIMEOUT,
        KAFKA_LINGER,
        KAFKA_COMPRESSION,
        KAFKA_BUFFER_BYTES,
        SIMULATOR_SEED,
        SIMULATOR_SPEED,
        SIMULATOR_EVENTS_PER_SECOND,
        SIMULATOR_WARM_UP,
        SIMULATOR_START,
        SIMULATOR_LENGTH,
        SIMULATOR_STEP,
        SIMULATOR_SCENARIO,
        SIMULATOR_SERVICES,
        SIMULATOR_TOPOLOGY_FILE,
        SIMULATOR_FAULT_KIND,
        SIMULATOR_FAULT_ROOT,
        SIMULATOR_FAULT_START,
        SIMULATOR_FAULT_DURATION,
        SIMULATOR_FAULTS,
        SIMULATOR_SINK,
        SIMULATOR_INTAKE_URL,
        SIMULATOR_GROUND_TRUTH_FILE);
  }

  // Kafka client settings every Quell component passes on as they are (see ConnectionOptions), so
  // that a deployment reaches a secured cluster without ingest knowing every security option.
  private static final List<String> SHARED_KAFKA_PREFIXES =
      List.of("security.", "sasl.", "ssl.", "client.dns.lookup");

  /**
   * What every Kafka client of ingest needs: {@code bootstrap.servers} and the shared security
   * settings ({@code security.*}, {@code sasl.*}, {@code ssl.*}) as given.
   *
   * @throws IllegalArgumentException when {@code bootstrap.servers} is empty
   */
  public static Map<String, Object> kafkaConnection(Map<String, ?> config) {
    String servers = ConnectionOptions.BOOTSTRAP_SERVERS.read(config);
    if (servers == null || servers.isBlank()) {
      throw new IllegalArgumentException(
          "Setting '"
              + ConnectionOptions.BOOTSTRAP_SERVERS.key()
              + "' must name the Kafka bootstrap servers");
    }
    Map<String, Object> kafka = new HashMap<>();
    kafka.put(ConnectionOptions.BOOTSTRAP_SERVERS.key(), servers.strip());
    config.forEach(
        (key, value) -> {
          if (value != null && SHARED_KAFKA_PREFIXES.stream().anyMatch(key::startsWith)) {
            kafka.put(key, value);
          }
        });
    return kafka;
  }

  /** The settings under {@link #PRODUCER_PREFIX}, with the prefix removed. */
  public static Map<String, Object> producerOverrides(Map<String, ?> config) {
    Map<String, Object> overrides = new HashMap<>();
    config.forEach(
        (key, value) -> {
          if (key.startsWith(PRODUCER_PREFIX) && value != null) {
            overrides.put(key.substring(PRODUCER_PREFIX.length()), value);
          }
        });
    return overrides;
  }

  /**
   * Checks every ingest setting in {@code config}: values of the right type and in range, and no
   * unknown {@code quell.ingest.} key (a misspelt key would otherwise fall back to its default
   * unnoticed). The file shipper's keys ({@code quell.ingest.file.}) are checked by {@link
   * io.quell.ingest.file.FileShipperOptions#validate}.
   *
   * @throws IllegalArgumentException naming the first bad setting
   */
  public static void validate(Map<String, ?> config) {
    for (String key : config.keySet()) {
      if (key.startsWith(PREFIX)
          && !key.startsWith(PRODUCER_PREFIX)
          && !key.startsWith(io.quell.ingest.file.FileShipperOptions.PREFIX)
          && all().stream().noneMatch(option -> option.key().equals(key))) {
        throw new IllegalArgumentException(
            "Unknown ingest setting '" + key + "'; known settings are " + knownKeys());
      }
    }
    for (ConfigOption<?> option : all()) {
      option.read(config);
    }
    // The file shipper's settings live in their own class; they are checked here as well so that a
    // misspelt quell.ingest.file. key fails as early as any other.
    io.quell.ingest.file.FileShipperOptions.validate(config);
    atLeast(PORT, config, 0);
    if (PORT.read(config) > 65535) {
      throw new IllegalArgumentException(
          "Setting '" + PORT.key() + "' must be at most 65535 but is " + PORT.read(config));
    }
    atLeast(MAX_BODY_BYTES, config, 1);
    atLeast(MAX_RECORD_BYTES, config, 1);
    atLeast(MAX_LABELS_PER_SERIES, config, 1);
    atLeast(MAX_LINE_BYTES, config, 1);
    atLeast(THREADS, config, 4);
    atLeast(KAFKA_BUFFER_BYTES, config, 1024);
    atLeast(SIMULATOR_EVENTS_PER_SECOND, config, 0);
    Duration linger = KAFKA_LINGER.read(config);
    Duration request = KAFKA_REQUEST_TIMEOUT.read(config);
    Duration delivery = KAFKA_DELIVERY_TIMEOUT.read(config);
    if (delivery.compareTo(linger.plus(request)) < 0) {
      throw new IllegalArgumentException(
          "Setting '"
              + KAFKA_DELIVERY_TIMEOUT.key()
              + "' must be at least "
              + KAFKA_LINGER.key()
              + " + "
              + KAFKA_REQUEST_TIMEOUT.key()
              + " ("
              + linger.plus(request).toMillis()
              + ") but is "
              + delivery.toMillis());
    }
  }

  private static void atLeast(ConfigOption<Integer> option, Map<String, ?> config, int minimum) {
    int value = option.read(config);
    if (value < minimum) {
      throw new IllegalArgumentException(
          "Setting '" + option.key() + "' must be at least " + minimum + " but is " + value);
    }
  }

  private static List<String> knownKeys() {
    return all().stream().map(ConfigOption::key).filter(key -> key.startsWith(PREFIX)).toList();
  }
}
