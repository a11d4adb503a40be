/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.job;

import io.quell.detect.DetectOptions;
import io.quell.detect.core.logs.ErrorBurstRule;
import io.quell.detect.core.logs.ServiceMonitor;
import io.quell.detect.core.logs.TemplateAlerts;
import io.quell.detect.core.logs.TemplateRateMonitor;
import io.quell.detect.core.logs.TemplateWatch;
import io.quell.detect.core.metric.CombinedLikelihood;
import io.quell.detect.core.metric.LikelihoodMonitor;
import io.quell.detect.core.metric.MetricAlerts;
import io.quell.detect.core.metric.MetricMonitor;
import io.quell.detect.core.metric.MetricReplay;
import io.quell.detect.core.metric.RobustBaselineDetector;
import io.quell.detect.core.metric.RollingWindow;
import io.quell.detect.core.metric.SeriesMonitor;
import io.quell.detect.core.service.SeriesVerdict;
import io.quell.detect.core.service.ServiceModel;
import io.quell.detect.core.service.ServiceModelReplay;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.config.ConfigLoader;
import io.quell.schemas.config.ConnectionOptions;
import io.quell.schemas.dlq.DeadLetter;
import io.quell.schemas.flink.AvroKafkaRecordSerializationSchema;
import io.quell.schemas.flink.DeadLetterRecordSerializationSchema;
import io.quell.schemas.flink.DecodeOrDeadLetter;
import io.quell.schemas.flink.KafkaConnectors;
import io.quell.schemas.flink.RawKafkaRecord;
import io.quell.schemas.flink.WireFormatEventTime;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.RecordKeys;
import io.quell.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detect job: metric points and log events in, alerts out.
 *
 * <pre>
 * quell.metrics ─► decode ─► event time ─┬─────────► keyBy(series id) ─► MetricAnomalyDetector ─┐
 *                    │                   └► keyBy(service) ─► ServiceAnomalyDetector      ▲         │
 *                    │                          └─ verdicts per series ─► keyBy(series id) ┘         │
 *                    └─ dead letters ─► quell.dlq                                                  │
 * quell.logs ────► decode ─► event time ─┬► keyBy(service) ─► ErrorBurstDetector ─────┼─► alerts
 *                    └─ dead letters     └► keyBy(service) ─► LogTemplateDetector ────┘
 *                       ─► quell.dlq                            └─ templates ─► quell.templates
 * </pre>
 *
 * <p>{@link #build} wires the operators between any sources and sinks (tests plug in their own);
 * {@link #addKafkaPipeline} plugs in Kafka; {@link #main} runs the job on a Flink cluster.
 */
public final class DetectJob {
  private static final Logger LOG = LoggerFactory.getLogger(DetectJob.class);

  /** Name of the job on a Flink cluster. */
  public static final String JOB_NAME = "quell-detect";

  /** Stage names in dead letters. */
  public static final String STAGE_DECODE_METRICS = "detect.decode-metrics";

  public static final String STAGE_DECODE_LOGS = "detect.decode-logs";

  /** System property and environment variable naming the properties file when no argument does. */
  public static final String CONFIG_PROPERTY = ConfigLoader.CONFIG_PROPERTY;

  public static final String CONFIG_ENV = ConfigLoader.CONFIG_ENV;

  private DetectJob() {}

  /**
   * Adds the detection pipeline between {@code sources} and {@code sinks} to {@code env}.
   *
   * @return the alerts, already connected to {@code sinks.alerts()}
   */
  public static DataStream<Alert> build(
      StreamExecutionEnvironment env,
      DetectSources sources,
      DetectSinks sinks,
      DetectOptions options) {
    DataStream<MetricPoint> metrics = sources.metrics();
    DataStream<LogEvent> logs = sources.logs();
    List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
    if (sources.isRaw()) {
      if (sources.rawMetrics() != null) {
        SingleOutputStreamOperator<MetricPoint> decoded =
            sources
                .rawMetrics()
                .process(
                    new DecodeOrDeadLetter<>(
                        MetricPoint.class, sources.registry(), STAGE_DECODE_METRICS))
                .uid("detect-decode-metrics")
                .name("decode metrics");
        metrics = decoded;
        deadLetters.add(decoded.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS));
      }
      if (sources.rawLogs() != null) {
        SingleOutputStreamOperator<LogEvent> decoded =
            sources
                .rawLogs()
                .process(
                    new DecodeOrDeadLetter<>(LogEvent.class, sources.registry(), STAGE_DECODE_LOGS))
                .uid("detect-decode-logs")
                .name("decode logs");
        logs = decoded;
        deadLetters.add(decoded.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS));
      }
    }

    List<DataStream<Alert>> alertStreams = new ArrayList<>();
    if (metrics != null) {
      DataStream<MetricPoint> timedMetrics =
          sources.isWatermarked()
              ? metrics
              : metrics
                  .assignTimestampsAndWatermarks(
                      eventTime(
                          options,
                          (MetricPoint point, long previous) ->
                              point.getTimestamp().toEpochMilli()))
                  .uid("detect-metrics-event-time")
                  .name("metrics event time");
      // The service model's verdicts on each series (none when it is off), combined with the
      // series' own likelihood by the metric operator: one score, one threshold, one hysteresis.
      MetricMonitor<?> monitor = metricMonitor(options);
      DataStream<SeriesVerdict> verdicts =
          combinesServiceModel(options, monitor)
              ? timedMetrics
                  .filter(point -> point.getLabels().containsKey(MetricAlerts.SERVICE_LABEL))
                  .uid("detect-service-points")
                  .name("points with a service")
                  .keyBy(point -> point.getLabels().get(MetricAlerts.SERVICE_LABEL), Types.STRING)
                  .process(
                      new ServiceAnomalyDetector(serviceModel(options), options.seriesExpiry()))
                  .uid("detect-service-model")
                  .name("service model (" + CombinedLikelihood.SERVICE_DETECTOR + ")")
              : timedMetrics
                  .flatMap(
                      (MetricPoint point, Collector<SeriesVerdict> none) -> {},
                      TypeInformation.of(SeriesVerdict.class))
                  .uid("detect-no-service-verdicts")
                  .name("no service verdicts");
      alertStreams.add(
          timedMetrics
              .keyBy(point -> RecordKeys.seriesId(point), Types.STRING)
              .connect(verdicts.keyBy(SeriesVerdict::getSeriesId, Types.STRING))
              .process(new MetricAnomalyDetector<>(monitor, options.seriesExpiry()))
              .uid("detect-metric-anomalies")
              .name("metric anomalies (" + options.metricDetector() + ")"));
    }
    if (logs != null) {
      DataStream<LogEvent> timedLogs =
          sources.isWatermarked()
              ? logs
              : logs.assignTimestampsAndWatermarks(
                      eventTime(
                          options,
                          (LogEvent event, long previous) -> event.getTimestamp().toEpochMilli()))
                  .uid("detect-logs-event-time")
                  .name("logs event time");
      alertStreams.add(
          timedLogs
              .keyBy(event -> event.getService(), Types.STRING)
              .process(new ErrorBurstDetector(serviceMonitor(options), options.serviceExpiry()))
              .uid("detect-error-bursts")
              .name("error bursts (" + ErrorBurstRule.NAME + ")"));
      // Log templates: a miner per service, new templates and template rates (LogTemplateDetector).
      SingleOutputStreamOperator<Alert> templateAlerts =
          timedLogs
              .keyBy(event -> event.getService(), Types.STRING)
              .process(new LogTemplateDetector<>(templateWatch(options), options.serviceExpiry()))
              .uid("detect-log-templates")
              .name(
                  "log templates ("
                      + TemplateAlerts.NEW_TEMPLATE
                      + ", "
                      + TemplateAlerts.TEMPLATE_RATE
                      + ")");
      alertStreams.add(templateAlerts);
      if (sinks.templates() != null) {
        templateAlerts
            .getSideOutput(LogTemplateDetector.TEMPLATES)
            .sinkTo(sinks.templates())
            .uid("detect-templates-sink")
            .name("templates sink");
      }
    }
    DataStream<Alert> alerts = union(alertStreams);
    alerts.sinkTo(sinks.alerts()).uid("detect-alerts-sink").name("alerts sink");
    if (!deadLetters.isEmpty()) {
      if (sinks.deadLetters() == null) {
        throw new IllegalArgumentException("raw sources need a dead-letter sink");
      }
      union(deadLetters)
          .sinkTo(sinks.deadLetters())
          .uid("detect-dead-letters-sink")
          .name("dead letters sink");
    }
    return alerts;
  }

  /** The metric monitor the options choose ({@code metric.detector}). */
  public static MetricMonitor<?> metricMonitor(DetectOptions options) {
    return options.metricDetector().equals(DetectOptions.DETECTOR_ROBUST_BASELINE)
        ? robustBaselineMonitor(options)
        : likelihoodMonitor(options);
  }

  /**
   * The anomaly scorer's monitor (the default metric detector) with the options' thresholds,
   * combining the service model's verdicts when it is on.
   */
  public static LikelihoodMonitor likelihoodMonitor(DetectOptions options) {
    return new LikelihoodMonitor(
        options.anomalySettings(),
        options.likelihoodHysteresis(),
        options.likelihoodThreshold(),
        options.likelihoodResolveThreshold(),
        options.likelihoodCriticalThreshold(),
        options.serviceModelEnabled() ? options.serviceVerdictMaxAge().toMillis() : 0);
  }

  /**
   * Whether the job runs the service model: it is on and the metric detector combines its verdicts
   * (the anomaly scorer does; the robust baseline, whose scores are no likelihoods, does not).
   */
  public static boolean combinesServiceModel(DetectOptions options, MetricMonitor<?> monitor) {
    return options.serviceModelEnabled() && monitor.verdictMaxAgeMs() > 0;
  }

  /**
   * The alerts the metric side of the job would send on {@code points}: the service model's
   * verdicts ({@link ServiceModelReplay}, when the job runs it) and the metric monitor ({@link
   * MetricReplay}), run offline as the job runs them.
   */
  public static List<Alert> replayMetrics(DetectOptions options, Collection<MetricPoint> points) {
    MetricMonitor<?> monitor = metricMonitor(options);
    Map<String, TreeMap<Long, SeriesVerdict>> verdicts =
        combinesServiceModel(options, monitor)
            ? ServiceModelReplay.verdicts(
                serviceModel(options), points, options.seriesExpiry().toMillis())
            : Map.of();
    return MetricReplay.replay(monitor, points, verdicts);
  }

  /** The robust baseline's monitor with the options' {@code metric.*} settings. */
  public static SeriesMonitor<RollingWindow> robustBaselineMonitor(DetectOptions options) {
    return new SeriesMonitor<>(
        new RobustBaselineDetector(options.metricSettings()),
        options.metricHysteresis(),
        options.metricResolveThreshold(),
        options.metricCriticalThreshold());
  }

  /** The per-service model the options describe. */
  public static ServiceModel serviceModel(DetectOptions options) {
    return new ServiceModel(options.serviceModelSettings());
  }

  /**
   * Event-time watermarks made by the Kafka source per partition from each record's own event time
   * (read from its bytes), so that a source subtask catching up on several partitions holds time
   * back to the one furthest behind instead of dropping its points as late.
   */
  static WatermarkStrategy<RawKafkaRecord> sourceWatermarks(DetectOptions options) {
    return eventTime(options, new WireFormatEventTime());
  }

  /** Event time from {@code timestamp}, with the options' out-of-orderness bound and idleness. */
  private static <T> WatermarkStrategy<T> eventTime(
      DetectOptions options, SerializableTimestampAssigner<T> timestamp) {
    return WatermarkStrategy.<T>forBoundedOutOfOrderness(options.outOfOrderness())
        .withTimestampAssigner(timestamp)
        .withIdleness(options.idleness());
  }

  /** The error-burst monitor the options describe. */
  public static ServiceMonitor serviceMonitor(DetectOptions options) {
    return new ServiceMonitor(
        new ErrorBurstRule(options.errorBurstSettings()), options.logHysteresis());
  }

  /**
   * The log template watch the options describe. Template counts per interval are judged by the
   * metric side's detector (here {@link RobustBaselineDetector} with {@link
   * DetectOptions#templateRateSettings()}) through {@link TemplateRateMonitor}: a different metric
   * detector plugs in here.
   */
  public static TemplateWatch<RollingWindow> templateWatch(DetectOptions options) {
    return new TemplateWatch<>(
        options.templateWatchSettings(),
        TemplateRateMonitor.of(
            new SeriesMonitor<>(
                new RobustBaselineDetector(options.templateRateSettings()),
                options.logHysteresis(),
                options.metricResolveThreshold(),
                options.metricCriticalThreshold())));
  }

  /**
   * Adds the detect job reading quell.metrics and quell.logs and writing quell.alerts and quell.dlq
   * to {@code env}. The sinks are exactly-once: their output becomes visible to read_committed
   * readers at each completed checkpoint, so the caller must enable checkpointing.
   *
   * @param config bootstrap.servers, schema.registry.url (and the other registry settings), topic
   *     names (quell.topic.*), the detect settings (quell.detect.*), Kafka client settings
   * @throws IllegalArgumentException when a setting is missing or malformed
   */
  public static void addKafkaPipeline(StreamExecutionEnvironment env, Map<String, ?> config) {
    DetectOptions options = DetectOptions.fromConfig(config);
    Topics topics = Topics.fromConfig(config);
    SchemaRegistryOptions registry = SchemaRegistryOptions.fromMap(config);
    String bootstrapServers = ConnectionOptions.BOOTSTRAP_SERVERS.read(config);
    Map<String, String> clientProperties = options.kafkaClientProperties();
    if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
      LOG.warn(
          "checkpointing is off: the exactly-once alert sink will never commit, so no alert"
              + " becomes visible to read_committed readers");
    }

    DataStream<RawKafkaRecord> metrics =
        env.fromSource(
                KafkaConnectors.rawSource(
                    bootstrapServers,
                    options.groupId(),
                    clientProperties,
                    topics.name(QuellTopic.METRICS)),
                sourceWatermarks(options),
                "kafka " + topics.name(QuellTopic.METRICS))
            .uid("detect-source-metrics");
    DataStream<RawKafkaRecord> logs =
        env.fromSource(
                KafkaConnectors.rawSource(
                    bootstrapServers,
                    options.groupId(),
                    clientProperties,
                    topics.name(QuellTopic.LOGS)),
                sourceWatermarks(options),
                "kafka " + topics.name(QuellTopic.LOGS))
            .uid("detect-source-logs");

    DetectSinks sinks =
        new DetectSinks(
            KafkaConnectors.exactlyOnceSink(
                bootstrapServers,
                transactionalIdPrefix(options, topics, QuellTopic.ALERTS),
                AvroKafkaRecordSerializationSchema.forTopic(QuellTopic.ALERTS, topics, registry),
                clientProperties),
            KafkaConnectors.exactlyOnceSink(
                bootstrapServers,
                transactionalIdPrefix(options, topics, QuellTopic.DLQ),
                DeadLetterRecordSerializationSchema.forTopics(topics),
                clientProperties),
            KafkaConnectors.exactlyOnceSink(
                bootstrapServers,
                transactionalIdPrefix(options, topics, QuellTopic.TEMPLATES),
                AvroKafkaRecordSerializationSchema.forTopic(QuellTopic.TEMPLATES, topics, registry),
                clientProperties));
    build(env, DetectSources.ofWatermarkedRaw(metrics, logs, registry), sinks, options);
    LOG.info(
        "detect pipeline: {} and {} -> {} and {} (dead letters to {}), group {}",
        topics.name(QuellTopic.METRICS),
        topics.name(QuellTopic.LOGS),
        topics.name(QuellTopic.ALERTS),
        topics.name(QuellTopic.TEMPLATES),
        topics.name(QuellTopic.DLQ),
        options.groupId());
  }

  /**
   * Runs the detect job on a Flink cluster: {@code flink run -c io.quell.detect.job.DetectJob
   * quell-detect-*-job.jar /path/quell.properties}.
   *
   * @param args the properties file; without it, the file named by the system property {@value
   *     #CONFIG_PROPERTY} or the environment variable {@value #CONFIG_ENV}, if any. Environment
   *     variables named after the keys ({@code QUELL_DETECT_METRIC_THRESHOLD} for {@code
   *     quell.detect.metric.threshold}) override the file.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> config = loadConfig(args, System.getenv(), System.getProperties());
    DetectOptions options = DetectOptions.fromConfig(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(
        options.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    addKafkaPipeline(env, config);
    env.execute(JOB_NAME);
  }

  /**
   * The configuration of {@link #main}: the properties file (first argument, else {@value
   * #CONFIG_PROPERTY}, else {@value #CONFIG_ENV}), overridden by environment variables of the keys
   * detect reads.
   */
  static Map<String, String> loadConfig(
      String[] args, Map<String, String> env, Properties systemProperties) {
    return ConfigLoader.forJob(args, env, systemProperties, DetectOptions.all());
  }

  // Transactional ids are global on a Kafka cluster: tie them to the group and the target topic,
  // so that two installations (or two tests) never fence each other.
  private static String transactionalIdPrefix(
      DetectOptions options, Topics topics, QuellTopic<?, ?> topic) {
    return options.groupId() + "-" + topics.name(topic);
  }

  private static <T> DataStream<T> union(List<DataStream<T>> streams) {
    DataStream<T> first = streams.get(0);
    if (streams.size() == 1) {
      return first;
    }
    @SuppressWarnings("unchecked")
    DataStream<T>[] rest = streams.subList(1, streams.size()).toArray(new DataStream[0]);
    return first.union(rest);
  }
}
