/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.correlate.CorrelateOptions;
import io.quell.correlate.core.CorrelationSettings;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.config.ConfigLoader;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The correlate job: alerts in, incidents out.
 *
 * <pre>
 * alerts ─► event time (out-of-orderness, idle progress) ─► key "all-alerts" ─┐
 *                                                                            ├─► CorrelateAlerts ─► incidents
 * topology updates ─► held until settled, then idle ─┐                        │
 *                                                    ├─► broadcast ──────────┘
 * silence updates ──► held until settled, then idle ─┘
 * </pre>
 *
 * {@link #build} wires the pipeline between any sources and sinks (tests plug in their own); {@link
 * #addKafkaPipeline} plugs in Kafka; {@link #main} runs it on a Flink cluster.
 */
public final class CorrelateJob {

  private static final Logger LOG = LoggerFactory.getLogger(CorrelateJob.class);

  public static final String JOB_NAME = "quell-correlate";

  /**
   * System properties with these prefixes override the properties file in {@link #main}; they are
   * the keys the job reads.
   */
  static final List<String> CONFIG_KEY_PREFIXES =
      List.of(
          "quell.",
          "bootstrap.servers",
          "schema.registry.",
          "auto.register.schemas",
          "security.",
          "sasl.",
          "ssl.");

  /** Kafka client settings passed through to the sources and sinks (security settings). */
  static final List<String> CLIENT_PROPERTY_PREFIXES = List.of("security.", "sasl.", "ssl.");

  private CorrelateJob() {}

  /**
   * Adds the correlate pipeline to {@code env} between {@code sources} and {@code sinks}.
   *
   * @return the incident versions, as handed to the sink
   */
  public static DataStream<Incident> build(
      StreamExecutionEnvironment env,
      CorrelateSources sources,
      CorrelateSinks sinks,
      CorrelateOptions options) {
    DataStream<Alert> alerts =
        sources
            .alerts(env)
            .assignTimestampsAndWatermarks(
                new AlertWatermarks(
                    options.outOfOrderness(), options.idleness(), options.idleProgress()))
            .uid("correlate-alert-event-time")
            .name("alert event time");
    // Each control stream keeps the parallelism of its source (one reader of one partition): with
    // more, a rebalance would split an update and the tombstone after it, and they could overtake
    // each other on their way to the broadcast.
    DataStream<TopologyUpdate> topologyUpdates =
        sources
            .topologyUpdates(env)
            .assignTimestampsAndWatermarks(
                new TopologyReadyWatermarks<TopologyUpdate>(options.topologySettle()))
            .uid("correlate-topology-ready")
            .name("topology settle");
    DataStream<ControlUpdate> control =
        topologyUpdates
            .map(new TopologyControl())
            .setParallelism(topologyUpdates.getParallelism())
            .uid("correlate-topology-control")
            .name("topology as control update");
    DataStream<SilenceUpdate> silenceUpdates = sources.silenceUpdates(env);
    if (silenceUpdates != null) {
      DataStream<SilenceUpdate> settled =
          silenceUpdates
              .assignTimestampsAndWatermarks(
                  new TopologyReadyWatermarks<SilenceUpdate>(options.silencesSettle()))
              .uid("correlate-silences-ready")
              .name("silences settle");
      control =
          control.union(
              settled
                  .map(new SilenceControl())
                  .setParallelism(settled.getParallelism())
                  .uid("correlate-silences-control")
                  .name("silence as control update"));
    }
    BroadcastStream<ControlUpdate> broadcast =
        control.broadcast(CorrelateAlerts.TOPOLOGY_STATE, CorrelateAlerts.SILENCES_STATE);
    KeyedStream<Alert, String> keyed;
    if (options.partitioning().equals(CorrelateOptions.TOPOLOGY_COMPONENT)) {
      CorrelationSettings settings = options.settings();
      keyed =
          alerts
              .keyBy(Alert::getFingerprint, Types.STRING)
              .connect(broadcast)
              .process(
                  new RouteAlerts(
                      settings.servicelessGroupLabels(),
                      settings
                          .maxLifetime()
                          .plus(settings.closeAfter())
                          .plus(settings.groupWindow())),
                  TypeInformation.of(Alert.class))
              .uid("correlate-route-alerts")
              .name("route alerts to topology components")
              .keyBy(RouteAlerts.PARTITION, Types.STRING);
    } else {
      keyed = alerts.keyBy(alert -> CorrelateAlerts.SINGLE_KEY, Types.STRING);
    }
    DataStream<Incident> incidents =
        keyed
            .connect(broadcast)
            .process(
                new CorrelateAlerts(
                    options.settings(), options.suppression(), options.maxPendingAlerts()))
            .uid("correlate-alerts")
            .name("correlate alerts into incidents");
    sinks.incidents(incidents);
    List<DataStream<DeadLetter>> deadLetters = sources.deadLetters();
    if (!deadLetters.isEmpty()) {
      DataStream<DeadLetter> all = deadLetters.get(0);
      for (DataStream<DeadLetter> more : deadLetters.subList(1, deadLetters.size())) {
        all = all.union(more);
      }
      sinks.deadLetters(all);
    }
    return incidents;
  }

  /** A topology update as a control update (a named class: Flink extracts its types). */
  static final class TopologyControl implements MapFunction<TopologyUpdate, ControlUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    public ControlUpdate map(TopologyUpdate update) {
      return ControlUpdate.of(update);
    }
  }

  /** A silence update as a control update. */
  static final class SilenceControl implements MapFunction<SilenceUpdate, ControlUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    public ControlUpdate map(SilenceUpdate update) {
      return ControlUpdate.of(update);
    }
  }

  /**
   * Adds the correlate pipeline on Kafka to {@code env}: quell.alerts, quell.topology and
   * quell.silences in, quell.incidents out (exactly once), undecodable records to quell.dlq.
   * Checkpointing is the caller's to enable; without it nothing is ever committed to the sinks.
   *
   * @param config {@code bootstrap.servers} (required), {@code schema.registry.url} (required), the
   *     {@code quell.topic.*} names and the {@code quell.correlate.*} settings of {@link
   *     CorrelateOptions}; Kafka {@code security.*}, {@code sasl.*} and {@code ssl.*} settings are
   *     passed to the clients
   */
  public static void addKafkaPipeline(StreamExecutionEnvironment env, Map<String, ?> config) {
    CorrelateOptions options = CorrelateOptions.fromMap(config);
    Topics topics = Topics.fromConfig(config);
    SchemaRegistryOptions registry = SchemaRegistryOptions.fromMap(config);
    Object bootstrap = config.get("bootstrap.servers");
    if (bootstrap == null || bootstrap.toString().isBlank()) {
      throw new IllegalArgumentException("Setting 'bootstrap.servers' is required");
    }
    Map<String, String> clientProperties = new HashMap<>();
    config.forEach(
        (key, value) -> {
          if (value != null && CLIENT_PROPERTY_PREFIXES.stream().anyMatch(key::startsWith)) {
            clientProperties.put(key, value.toString());
          }
        });
    String servers = bootstrap.toString().trim();
    LOG.info("correlate pipeline on {} with {}", servers, options);
    build(
        env,
        new KafkaCorrelateSources(servers, topics, registry, options, clientProperties),
        new KafkaCorrelateSinks(servers, topics, registry, options, clientProperties),
        options);
  }

  /**
   * Runs the job on a Flink cluster. Configuration: the properties file named by {@code args[0]}
   * (or by -Dquell.config or the environment variable {@code QUELL_CONFIG}), then {@code QUELL_*}
   * environment variables of the keys, then system properties with the job's keys (for example
   * {@code -Dbootstrap.servers=...}).
   */
  public static void main(String[] args) throws Exception {
    Map<String, Object> config = configFrom(args, System.getenv(), System.getProperties());
    CorrelateOptions options = CorrelateOptions.fromMap(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(
        options.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    addKafkaPipeline(env, config);
    env.execute(JOB_NAME);
  }

  /** The settings of {@link #main}, read as every Quell component reads them. */
  static Map<String, Object> configFrom(
      String[] args, Map<String, String> environment, Properties systemProperties) {
    return new HashMap<>(
        ConfigLoader.forJob(args, environment, systemProperties, CorrelateOptions.all()));
  }
}
